import type { CallContext } from "../types.ts";
import type { Directives } from "./directives.ts";
import { camel, LABEL, slug, topic } from "./content-text.ts";
import { simulatedChanges, simulatedCoverage, simulatedTests } from "./code.ts";

/** The candidate every role drafts, one builder per output schema. */
export const drafts: Record<string, (ctx: CallContext, d: Directives, prompt: string) => Record<string, unknown>> = {
  Plan: (ctx, d) => {
    const t = topic(ctx.taskText);
    const round = ctx.round ?? 1;
    const packet = (id: string, team: string, title: string, deps: string[]) => ({
      id,
      team,
      title,
      description: `${title} for: ${t}`,
      acceptance_criteria: [`${title} meets the request "${t}"`, "reviewed and approved by the team vote"],
      depends_on: deps,
    });
    const packets =
      d.plan === "graph4"
        ? [
            packet("dev-a", "development", "Implement part A", []),
            packet("dev-b", "development", "Implement part B", []),
            packet("dev-c", "development", "Implement part C on top of A and B", ["dev-a", "dev-b"]),
            packet("docs-d", "documentation", "Document part A", ["dev-a"]),
          ]
        : [
            packet(
              "development-1",
              round <= d.unknownTeam ? "marketing" : "development",
              "Implement the change",
              round <= d.cycle ? ["devops-1"] : [],
            ),
            packet("qa-1", "qa", "Test and approve the change", ["development-1"]),
            packet("documentation-1", "documentation", "Document the change", ["qa-1"]),
            packet("devops-1", "devops", "Apply and release the change", ["documentation-1"]),
          ];
    return {
      summary: `${LABEL} ${ctx.role} plan for "${t}" (round ${round}, attempt ${ctx.attempt ?? 1})`,
      work_packets: packets,
      risks: ["simulated plan: no real model reviewed the request"],
    };
  },
  CodeBundle: (ctx, d, prompt) => ({
    summary: `${LABEL} implementation of "${topic(ctx.taskText)}" (round ${ctx.round ?? 1}, attempt ${ctx.attempt ?? 1})`,
    language: "javascript",
    changes: simulatedChanges(ctx, d, prompt),
    notes:
      (ctx.round ?? 1) > 1 || (ctx.attempt ?? 1) > 1 || ctx.kind === "fix"
        ? ["addressed what the previous round reported"]
        : [],
  }),
  TestSuite: (ctx, _d, prompt) => ({
    summary: `${LABEL} tests for "${topic(ctx.taskText)}" (round ${ctx.round ?? 1})`,
    tests: simulatedTests(ctx),
    strategy: `${LABEL} one test per acceptance criterion, with node's test runner; edge cases first`,
    issues: [],
    covers: simulatedCoverage(ctx, prompt),
  }),
  FailureAnalysis: (ctx, _d, prompt) => ({
    summary: `${LABEL} why the tests failed (round ${ctx.round ?? 1})`,
    // The failing tests are the runner's, listed in the prompt as "- name: message".
    explanations: [...prompt.matchAll(/^- (.+?): (.*)$/gm)].map(([, test = "", message = ""]) => ({
      test,
      cause: `${LABEL} the code does not handle the case this test checks (${message || "see the output"})`,
      suggested_fix: `${LABEL} handle that case, then run the test again`,
    })),
  }),
  DocBundle: (ctx) => {
    const t = topic(ctx.taskText);
    return {
      summary: `${LABEL} documentation for "${t}"`,
      markdown: `# ${t}\n\n> Written by the simulated provider.\n\n## Usage\n\nCall \`${camel(slug(ctx.taskText))}(input)\`.\n`,
      api_reference: `### ${camel(slug(ctx.taskText))}(input: string): string\nReturns the trimmed input; throws on empty input.`,
      diagram_mermaid: "flowchart LR\n  caller --> fn[" + camel(slug(ctx.taskText)) + "] --> result",
      release_notes: `- Added ${camel(slug(ctx.taskText))} (simulated).`,
    };
  },
  DeploymentPlan: (ctx) => ({
    summary: `${LABEL} apply "${topic(ctx.taskText)}" to the workspace`,
    environment: "dev",
    steps: ["write files to the workspace", "run the test command", "record the release manifest"],
    ci_config:
      "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" +
      "    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n",
    rollback: "restore the previous workspace snapshot",
  }),
  SignOff: (ctx, d) => {
    const rejected = (ctx.round ?? 1) <= d.signoffReject;
    return {
      summary: `${LABEL} sign-off of "${topic(ctx.taskText)}"${rejected ? ": rejected" : ""}`,
      accepted: !rejected,
      send_back: rejected
        ? [{ packet_id: d.plan === "graph4" ? "dev-a" : "development-1", reason: "empty input is not handled" }]
        : [],
      highlights: ["every team voted and rated the work it received"],
      concerns: [rejected ? "empty input is not handled" : "all work was produced by the simulated provider"],
    };
  },
  CodeReview: (ctx) => {
    const risky = /\beval\(|TODO|any\b/.test(ctx.taskText);
    return {
      summary: `${LABEL} ${ctx.role} review`,
      verdict: risky ? "request_changes" : "approve",
      issues: risky
        ? [
            {
              severity: "medium",
              type: "quality",
              description: "risky construct (eval, TODO or any) found",
              reproduction_steps: [],
            },
          ]
        : [],
      suggestions: ["add a test for empty input"],
    };
  },
};

const CONFIDENCE_BY_ATTEMPT = [0.6, 0.9, 0.7];

/** A reviewer's ballot: approve unless a directive says this team rejects on this attempt. */
export function ballot(ctx: CallContext, d: Directives, jitter: number) {
  const attempt = ctx.attempt ?? 1;
  const rejecting = attempt <= (d.reject[ctx.team] ?? 0);
  if (rejecting && (ctx.agentIndex ?? 0) === 0) {
    // The author still backs its candidate, with a confidence that varies by attempt, so the
    // best-supported fallback has a clear winner (attempt 2).
    return {
      vote: "approve",
      confidence: CONFIDENCE_BY_ATTEMPT[(attempt - 1) % 3],
      rationale: `${LABEL} ${ctx.role} stands by attempt ${attempt}`,
      suggested_improvements: [],
    };
  }
  if (rejecting) {
    return {
      vote: "reject",
      confidence: 0.8,
      rationale: `${LABEL} ${ctx.role} rejects attempt ${attempt}: edge cases are not handled`,
      suggested_improvements: [`${ctx.role}: handle empty and whitespace-only input`],
    };
  }
  return {
    vote: "approve",
    confidence: Number((0.75 + jitter * 0.2).toFixed(2)),
    rationale: `${LABEL} ${ctx.role} approves: meets the acceptance criteria`,
    suggested_improvements: [],
  };
}

/** A rating of received work: low when a directive says so for this round. */
export function rating(ctx: CallContext, d: Directives, jitter: number) {
  const low = (ctx.round ?? 1) <= (d.rateLow[ctx.team] ?? 0);
  const s = (base: number) => Number(Math.min(1, base + jitter * 0.05).toFixed(2));
  const v = low ? 0.4 : 0.85;
  return {
    approved: !low,
    ratings: { quality: s(v), completeness: s(v), usability: s(v), documentation: s(v - 0.05), overall: s(v) },
    feedback: low
      ? `${LABEL} ${ctx.role}: the work misses acceptance criteria; please revise`
      : `${LABEL} ${ctx.role}: solid work`,
    issues_found: low ? [{ severity: "medium", description: "acceptance criteria not met" }] : [],
  };
}
