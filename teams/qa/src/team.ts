/**
 * QA team: test strategy, tests, security audit, performance review, approval for release.
 *
 * Receives  qa.test.requested (TestRequest, from leadership; rates the code it gets)
 * Works in  a private clone of the task's repository holding the code under test: the agents
 *           write tests for the acceptance criteria, and the suite runs in the sandbox. The
 *           verdict, counts and failing tests come from the runner (test-run.ts), never a model;
 *           after a failing run the author explains each failure (FailureAnalysis) for development.
 * Publishes qa.tests.complete (TestResults: tests in `test_reports`, the run in `test_artifacts`), then either
 *           qa.approved (Approval) or qa.bugs.found (BugReport, back to development)
 *           qa.feedback.received (when its agents reject the code outright; handled by the runtime)
 * MCP tools review_code — review code given inline;
 *           run_tests — run a repository's tests in the sandbox (run-tests-tool.ts).
 */
import { z } from "zod";
import { clipText, CodeReview, ITEMS, MAX, stableId, TestRunResult, TestSuite, type Issue } from "@flotilla/contracts";
import {
  changeSetsAt,
  defineStep,
  defineTeam,
  registerTeamTool,
  reply,
  testRunSummary,
  resultOf,
} from "@flotilla/team-runtime";
import { registerRunTestsTool } from "./run-tests-tool.ts";
import { describeRun, runCandidateTests, runIssues } from "./test-run.ts";
import { measureTests } from "./measure.ts";

const QA =
  "You are a rigorous QA engineer. Write tests that check every acceptance criterion, in the repository's own test " +
  "framework and layout, look for security and performance problems, and report issues precisely. Your tests are " +
  "run in a sandbox and the runner decides. Answer with JSON only.";

export const team = defineTeam({
  name: "qa",
  purpose: "Tests the code it receives, audits security and performance, and approves it for release.",
  agents: [
    {
      name: "qa_engineer",
      role: "QA engineer",
      instructions: QA,
      model: { provider: "anthropic", model: "claude-sonnet-4-5" },
    },
    {
      name: "security_auditor",
      role: "security auditor",
      instructions: QA,
      model: { provider: "openai", model: "gpt-5" },
    },
    {
      name: "performance_tester",
      role: "performance tester",
      instructions: QA,
      model: { provider: "groq", model: "llama-3.3-70b" },
    },
  ],
  steps: [
    defineStep({
      step: "test",
      consumes: "qa.test.requested",
      output: { name: "TestSuite", schema: TestSuite },
      artifact: { store: "test_reports", name: "tests.json" },
      worktree: { upstream: (ctx, m) => changeSetsAt(ctx, m.test_scope.code_locations), codeContext: true },
      check: {
        artifact: "test-run.json",
        label: "tests",
        run: (ctx, _m, suite, worktree) => runCandidateTests(ctx, suite, worktree),
        // The verdict is the runner's: failing tests go to development, not back to QA's author.
        fixRounds: () => 0,
        // The run measures development's code: correctness, and the criteria its tests cover.
        measure: (result, { input, candidate }) =>
          measureTests(result, candidate, input.test_scope.acceptance_criteria),
      },
      prompt: (m, received) =>
        [
          `Write tests (${m.test_scope.type} scope) for the code below, one or more per acceptance criterion, ` +
            "in the repository's test framework.",
          `Acceptance criteria:\n- ${m.test_scope.acceptance_criteria.join("\n- ") || "as in the task"}`,
          "Name, in `covers`, the tests that check each criterion.",
          received,
        ].join("\n\n"),
      finish: async (ctx, m, r) => {
        const suite = r.output;
        const { task_id, round } = r.workflow;
        const run = r.check ? TestRunResult.parse(r.check.record) : undefined;
        const base = {
          ...resultOf(r),
          runs: run ? [testRunSummary("tests", run, r.check?.location)] : [],
        };
        // No repository (a message from before repositories): nothing ran, so nothing is verified.
        const verdict = run?.verdict ?? "unverified";
        const passed = verdict === "pass" || verdict === "unverified";
        const found = [...(run ? await runIssues(ctx, r.workflow, run) : []), ...suite.issues];
        const issues: Issue[] = found.slice(0, ITEMS.some); // a message's limit; the run record has every test
        // The report (for observers) and the verdict (leadership's) go out side by side.
        const report = ctx.bus.publish("qa.tests.complete", {
          ...reply(ctx, m, r.workflow, "tests.complete"),
          ...base,
          results: {
            status: verdict === "pass" ? "passed" : verdict === "fail" ? "failed" : verdict,
            total_tests: run?.total ?? 0,
            passed: run?.passed ?? 0,
            failed: run?.failed ?? 0,
            skipped: run?.skipped ?? 0,
            // Coverage is not measured yet: 0 rather than a number nobody measured.
            coverage: 0,
            report_location: r.artifact,
          },
          run,
          run_location: r.check?.location,
          issues_found: issues,
          approval: {
            approved_for_production: passed,
            approver_agent: r.producer.agent,
            conditions: conditions(verdict),
          },
        });
        const code_location = m.test_scope.code_locations[0]!;
        const verdictOut = passed
          ? ctx.bus.publish("qa.approved", {
              ...reply(ctx, m, r.workflow, "approved"),
              ...base,
              approval_id: stableId("approval", task_id, r.workflow.packet_id ?? "-", round),
              approver_agent: r.producer.agent,
              conditions: conditions(verdict),
              code_location,
              report_location: r.artifact,
              verification: verdict === "pass" ? "verified" : "unverified",
            })
          : ctx.bus.publish("qa.bugs.found", {
              ...reply(ctx, m, r.workflow, "bugs.found"),
              ...base,
              code_location,
              report_location: r.artifact,
              issues,
              failing_tests: run?.failing ?? [],
              output_excerpt: run ? clipText(describeRun(run), MAX.long) : "",
            });
        await Promise.all([report, verdictOut]);
      },
    }),
  ],
  tools: (server, ctx) => {
    registerTeamTool(server, ctx, {
      name: "review_code",
      title: "Review code",
      description: "Review code given inline for bugs, security and performance problems.",
      input: {
        code: z.string().min(1).describe("the code to review"),
        language: z.string().default("typescript"),
        focus: z.string().optional(),
      },
      output: { name: "CodeReview", schema: CodeReview },
      prompt: (a) => `Review this ${a.language} code${a.focus ? ` with a focus on ${a.focus}` : ""}:\n\n${a.code}`,
    });
    registerRunTestsTool(server, ctx);
  },
});

const conditions = (verdict: TestRunResult["verdict"]) =>
  verdict === "unverified" ? ["unverified: no sandbox was available, so no test ran"] : [];
