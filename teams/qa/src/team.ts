/**
 * QA team: test strategy, tests, security audit, performance review, approval for release.
 *
 * Receives  qa.test.requested (TestRequest, from leadership; rates the code it gets)
 * Publishes qa.tests.complete (TestResults, report in `test_reports`), then either
 *           qa.approved (Approval) or qa.bugs.found (BugReport, back to development)
 *           qa.feedback.received (when its agents reject the code outright; handled by the runtime)
 * MCP tools review_code — review code given inline;
 *           run_tests — run a repository's tests in the sandbox (run-tests-tool.ts).
 */
import { z } from "zod";
import { CodeReview, stableId, TestReport } from "@flotilla/contracts";
import { defineStep, defineTeam, registerTeamTool, reply } from "@flotilla/team-runtime";
import { registerRunTestsTool } from "./run-tests-tool.ts";

const QA =
  "You are a rigorous QA engineer. Test against every acceptance criterion, look for security and performance problems, " +
  "and report issues precisely. Answer with JSON only.";

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
      output: { name: "TestReport", schema: TestReport },
      artifact: { store: "test_reports", name: "report.json" },
      prompt: (m, received) =>
        [
          `Test the code below (${m.test_scope.type} scope) and decide pass or fail.`,
          `Acceptance criteria:\n- ${m.test_scope.acceptance_criteria.join("\n- ") || "as in the task"}`,
          received,
        ].join("\n\n"),
      finish: async (ctx, m, r) => {
        const report = r.output;
        const { task_id, round } = r.workflow;
        const base = {
          task_id,
          produced_by: r.producer,
          vote: r.vote,
          workflow: r.workflow,
          received_rating: r.rating,
          context: r.context,
        };
        const passed = report.verdict === "pass";
        await ctx.bus.publish("qa.tests.complete", {
          ...reply(ctx, m, r.workflow, "tests.complete"),
          ...base,
          results: {
            status: passed ? "passed" : "failed",
            total_tests: report.total_tests,
            passed: report.passed,
            failed: report.failed,
            skipped: report.skipped,
            coverage: report.coverage,
            report_location: r.artifact,
          },
          issues_found: report.issues,
          approval: { approved_for_production: passed, approver_agent: r.producer.agent, conditions: [] },
        });
        const code_location = m.test_scope.code_locations[0]!;
        if (passed) {
          await ctx.bus.publish("qa.approved", {
            ...reply(ctx, m, r.workflow, "approved"),
            ...base,
            approval_id: stableId("approval", task_id, r.workflow.packet_id ?? "-", round),
            approver_agent: r.producer.agent,
            conditions: [],
            code_location,
            report_location: r.artifact,
          });
        } else {
          await ctx.bus.publish("qa.bugs.found", {
            ...reply(ctx, m, r.workflow, "bugs.found"),
            ...base,
            code_location,
            report_location: r.artifact,
            issues: report.issues,
          });
        }
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
