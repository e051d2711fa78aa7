import { z } from "zod";
import { structured, toolError, type ToolRegistrar } from "@flotilla/team-runtime";
import { runTests, TestRunResult } from "@flotilla/testrun";

const TestFile = z.object({
  path: z.string().min(1).describe("relative to the repository root, e.g. test/sum.test.mjs"),
  content: z.string().describe("the whole file"),
});

/**
 * run_tests: a repository's test suite (plus any test files given) run in the sandbox on a
 * private clone, as QA runs it. The verdict and counts come from the runner, not from a model.
 */
export const registerRunTestsTool: ToolRegistrar = (server, ctx) => {
  server.registerTool(
    "run_tests",
    {
      title: "Run a repository's tests in the sandbox",
      description:
        "Runs the test suite of a git repository under FLOTILLA_REPOS in the sandbox, on a private clone of its " +
        "committed HEAD (the checkout is never changed), with optional extra test files written into the clone " +
        "first. Returns the runner's verdict, counts, failing tests and an output excerpt.",
      inputSchema: {
        repo: z.string().min(1).describe("path of the repository; it must lie under FLOTILLA_REPOS"),
        files: z.array(TestFile).max(50).default([]).describe("extra test files, created or replacing the clone's"),
      },
      outputSchema: TestRunResult.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ repo, files }) => {
      try {
        const result = await runTests({
          repo,
          roots: ctx.config.FLOTILLA_REPOS,
          files,
          testCommand: ctx.config.FLOTILLA_TEST_COMMAND,
          mode: ctx.config.FLOTILLA_SANDBOX,
        });
        return structured(result, summary(result));
      } catch (err) {
        return toolError(`run_tests: ${(err as Error).message}`);
      }
    },
  );
};

function summary(result: TestRunResult): string {
  const counts = `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped of ${result.total}`;
  const head = `${result.verdict}: ${counts} (${result.command || "no command"}, ${result.durationMs} ms)`;
  const failing = result.failing.map(
    (test) => `- ${test.name}${test.message ? `: ${test.message.split("\n")[0]}` : ""}`,
  );
  return [
    head,
    result.message ?? "",
    failing.length ? `Failing tests:\n${failing.join("\n")}` : "",
    result.verdict === "pass" ? "" : result.output,
  ]
    .filter(Boolean)
    .join("\n\n");
}
