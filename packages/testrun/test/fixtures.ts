/** Reports as the runners write them (node 22's junit reporter, pytest 8, go 1.22, cargo), trimmed. */
export const NODE_JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testcase name="adds" time="0.000690" classname="test"/>
	<testcase name="subtracts" time="0.000790" classname="test" failure="Expected values to be strictly equal:1 !== 0">
		<failure type="testCodeFailure" message="Expected values to be strictly equal:1 !== 0">
[Error [ERR_TEST_FAILURE]: Expected values to be strictly equal:
      at TestContext.&lt;anonymous> (file:///tmp/app/a.test.mjs:4:32)
		</failure>
	</testcase>
	<testsuite name="math &lt;ops>" time="0.001471" disabled="0" errors="0" tests="2" failures="1" skipped="1" hostname="vm">
		<testcase name="skips" time="0.000455" classname="test">
			<skipped type="skipped" message="later"/>
		</testcase>
		<testcase name="fails &amp; more" time="0.000220" classname="test" failure="boom &lt;x>">
			<failure type="testCodeFailure" message="boom &lt;x>">
Error [ERR_TEST_FAILURE]: boom &lt;x>
			</failure>
		</testcase>
	</testsuite>
	<!-- tests 4 -->
</testsuites>
`;

export const PYTEST_JUNIT = [
  `<?xml version="1.0" encoding="utf-8"?><testsuites>`,
  `<testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4" time="0.031" hostname="vm">`,
  `<testcase classname="tests.test_sum" name="test_adds" time="0.001" />`,
  `<testcase classname="tests.test_sum" name="test_negative" time="0.001">`,
  `<failure message="assert -1 == 1&#10; +  where -1 = add(-2, 1)">def test_negative():
&gt;       assert add(-2, 1) == 1
E       assert -1 == 1</failure></testcase>`,
  `<testcase classname="tests.test_sum" name="test_later" time="0.000">`,
  `<skipped type="pytest.skip" message="not yet">tests/test_sum.py:12: not yet</skipped></testcase>`,
  `<testcase classname="tests.test_io" name="test_file" time="0.002">`,
  `<error message="failed on setup with &quot;FileNotFoundError&quot;">fixture error</error></testcase>`,
  `</testsuite></testsuites>`,
].join("");

export const GO_JSON = [
  `{"Action":"start","Package":"example.com/sum"}`,
  `{"Action":"run","Package":"example.com/sum","Test":"TestAdd"}`,
  `{"Action":"output","Package":"example.com/sum","Test":"TestAdd","Output":"=== RUN   TestAdd\\n"}`,
  `{"Action":"output","Package":"example.com/sum","Test":"TestAdd","Output":"--- PASS: TestAdd (0.00s)\\n"}`,
  `{"Action":"pass","Package":"example.com/sum","Test":"TestAdd","Elapsed":0}`,
  `{"Action":"run","Package":"example.com/sum","Test":"TestSub"}`,
  `{"Action":"output","Package":"example.com/sum","Test":"TestSub","Output":"=== RUN   TestSub\\n"}`,
  `{"Action":"output","Package":"example.com/sum","Test":"TestSub","Output":"    sum_test.go:14: Sub(2, 1) = 3, want 1\\n"}`,
  `{"Action":"output","Package":"example.com/sum","Test":"TestSub","Output":"--- FAIL: TestSub (0.00s)\\n"}`,
  `{"Action":"fail","Package":"example.com/sum","Test":"TestSub","Elapsed":0}`,
  `{"Action":"skip","Package":"example.com/sum","Test":"TestLater","Elapsed":0}`,
  `{"Action":"fail","Package":"example.com/sum","Elapsed":0.004}`,
  `{"ImportPath":"example.com/broken","Action":"build-output","Output":"broken/b.go:3:1: syntax error\\n"}`,
  `{"Action":"output","Package":"example.com/broken","Output":"FAIL\\texample.com/broken [build failed]\\n"}`,
  `{"Action":"fail","Package":"example.com/broken","Elapsed":0}`,
].join("\n");

export const CARGO_OUTPUT = `
running 3 tests
test tests::adds ... ok
test tests::subtracts ... FAILED
test tests::later ... ignored

failures:

---- tests::subtracts stdout ----
thread 'tests::subtracts' panicked at src/lib.rs:12:9:
assertion \`left == right\` failed

failures:
    tests::subtracts

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

running 1 test
test doc_adds ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
`;

export const VITEST_JSON = JSON.stringify({
  numTotalTests: 3,
  testResults: [
    {
      name: "/app/sum.test.ts",
      status: "failed",
      assertionResults: [
        { fullName: "sum adds", title: "adds", status: "passed", failureMessages: [] },
        {
          fullName: "sum subtracts",
          title: "subtracts",
          status: "failed",
          failureMessages: ["AssertionError: expected 3 to be 1\n    at sum.test.ts:9"],
        },
        { fullName: "sum later", title: "later", status: "skipped", failureMessages: [] },
      ],
    },
    { name: "/app/broken.test.ts", status: "failed", message: "SyntaxError: Unexpected token", assertionResults: [] },
  ],
});
