/**
 * Development team: implements code, designs algorithms, fixes the bugs QA reports.
 *
 * Receives  development.task.assigned (TaskAssignment, from leadership; rates the plan it gets)
 * Works in  a private clone of the task's repository: the author sees the relevant files and
 *           answers with a change set; each candidate is applied and run through the validation
 *           pipeline in the sandbox (syntax, typecheck, lint, tests — validation.ts), failures go
 *           back to the author (DEV_VALIDATION_MAX_ROUNDS), and the ballots see the results.
 * Publishes development.code.ready (CodeReady, change set in `code_artifacts`, validation in `test_artifacts`)
 *           development.feedback.received (when its agents reject the plan; handled by the runtime)
 * MCP tool  implement_code — the team writes code for a description given inline.
 */
import { z } from "zod";
import { CodeBundle, ValidationReport } from "@flotilla/contracts";
import {
  changeSetsAt,
  defineStep,
  defineTeam,
  registerTeamTool,
  reply,
  validationSummary,
  resultOf,
} from "@flotilla/team-runtime";
import { validateCandidate } from "./validation.ts";
import { measureValidation } from "./measure.ts";

const CODER =
  "You are a careful software engineer. Write small, tested, readable code that meets every acceptance criterion. " +
  "Answer with a change set against the repository you are shown: files to create, replace, patch or delete, " +
  "tests included. Answer with JSON only.";

export const team = defineTeam({
  name: "development",
  purpose: "Implements code, designs algorithms and fixes the bugs QA reports.",
  agents: [
    {
      name: "openai_coder",
      role: "lead developer",
      instructions: CODER,
      model: { provider: "openai", model: "gpt-5-mini" },
    },
    {
      name: "cerebras_qwen3_coder",
      role: "algorithm designer",
      instructions: CODER,
      model: { provider: "cerebras", model: "qwen-3-coder-480b" },
    },
    {
      name: "groq_llama",
      role: "pragmatic reviewer",
      instructions: CODER,
      model: { provider: "groq", model: "llama-4-maverick" },
    },
    {
      name: "qwen_max",
      role: "maintainability reviewer",
      instructions: CODER,
      model: { provider: "qwen", model: "qwen-max" },
    },
  ],
  steps: [
    defineStep({
      step: "implement",
      consumes: "development.task.assigned",
      output: { name: "CodeBundle", schema: CodeBundle },
      artifact: { store: "code_artifacts", name: "code.json" },
      worktree: { upstream: (ctx, m) => changeSetsAt(ctx, m.upstream_code_locations), codeContext: true },
      check: {
        artifact: "validation.json",
        label: "validation pipeline",
        run: (ctx, _m, code, worktree) => validateCandidate(ctx, code, worktree),
        fixRounds: (config) => config.DEV_VALIDATION_MAX_ROUNDS,
        measure: (result, { fixes }) => measureValidation(result, fixes),
      },
      prompt: (m, received) =>
        [
          `Implement this work packet: ${m.work_packet.description}`,
          `Acceptance criteria:\n- ${m.work_packet.acceptance_criteria.join("\n- ")}`,
          m.workflow.feedback.length
            ? `Fix what the reviewers reported last round:\n- ${m.workflow.feedback.join("\n- ")}`
            : "",
          received ? `The plan:\n${received}` : "",
        ]
          .filter(Boolean)
          .join("\n\n"),
      finish: async (ctx, m, r) => {
        const code = r.output;
        const validation = r.check ? ValidationReport.parse(r.check.record) : undefined;
        await ctx.bus.publish("development.code.ready", {
          ...reply(ctx, m, r.workflow, "code.ready"),
          ...resultOf(r),
          artifacts: { code_location: r.artifact, complexity_metrics: { files: code.changes.length } },
          metadata: {
            languages: [code.language],
            files_changed: code.changes.length,
            lines_added: code.changes.reduce((n, c) => n + linesAdded(c), 0),
            agent_used: r.producer.agent,
          },
          next_steps: { requires_qa: true, requires_documentation: true },
          validation,
          validation_location: r.check?.location,
          runs: validation ? [validationSummary(validation, r.check?.location)] : [],
        });
      },
    }),
  ],
  tools: (server, ctx) =>
    registerTeamTool(server, ctx, {
      name: "implement_code",
      title: "Implement code",
      description: "Write code (with tests) for a description given inline.",
      input: {
        description: z.string().min(1).describe("what to implement"),
        language: z.string().default("typescript"),
      },
      output: { name: "CodeBundle", schema: CodeBundle },
      prompt: (a) => `Implement in ${a.language}: ${a.description}`,
    }),
});

function linesAdded(change: CodeBundle["changes"][number]): number {
  if (change.op === "delete") return 0;
  if (change.op === "patch")
    return change.diff.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++")).length;
  return change.content.split("\n").length;
}
