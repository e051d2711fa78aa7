/**
 * The workflow, declared: per step, the team that does it, the subject its request goes out on,
 * the results that come back, what it rates, and how its request is built from the packet and
 * the upstream results. Everything else in leadership reads this table.
 *
 *   plan (leadership) → work packets, each run when the packets it depends on are done:
 *   implement (development), test (qa), document (documentation), deploy (devops)
 *   → signoff (leadership) once every packet is done
 */
import type {
  CodeReady,
  DeliveredBranch,
  Envelope,
  MessageInput,
  MessageOf,
  ObjectRef,
  StepName,
  Subject,
  WorkflowContext,
  WorkSubject,
} from "@flotilla/contracts";
import { tailText } from "@flotilla/contracts";
import { defineHandler, type Consumer, type TeamContext } from "@flotilla/team-runtime";
import type { PacketSteps } from "./graph.ts";
import type { PacketState, WorkflowState } from "./state.ts";

/** What a team's result tells leadership: the fields every result carries, and what came of it. */
export interface Settled {
  result: Pick<
    CodeReady,
    "task_id" | "produced_by" | "vote" | "workflow" | "received_rating" | "context" | "runs" | "model_choices"
  > &
    Partial<Envelope>;
  kind: "done" | "bugs" | "failed";
  artifact: ObjectRef;
  extra?: Record<string, ObjectRef>;
  /** Bugs to fix (kind "bugs") or why it failed (kind "failed"). */
  detail?: string[];
  /** QA: whether its tests ran (in the sandbox) or nothing could run. */
  verification?: "verified" | "unverified";
  /** Devops: the commit on the task's branch. */
  repository?: DeliveredBranch;
}

/** Everything a request is built from: the task, the packet, and the upstream results by step. */
export interface RequestView {
  state: WorkflowState;
  head: Partial<Envelope> & Pick<Envelope, "message_id" | "message_version" | "timestamp">;
  workflow: WorkflowContext;
  packet?: PacketState;
  /** Artifacts of the packets this one depends on (transitively), by the step that made them. */
  upstream: (step: StepName) => ObjectRef[];
}

interface Request {
  subject: WorkSubject;
  send(ctx: TeamContext, view: RequestView): Promise<unknown>;
}
interface Result {
  subject: Subject;
  route(settle: (ctx: TeamContext, s: Settled) => Promise<void>): Consumer;
}

/** A request row: the builder's output must be the message its subject carries. */
const request = <const S extends WorkSubject>(subject: S, build: (v: RequestView) => MessageInput<S>): Request => ({
  subject,
  send: (ctx, view) => ctx.bus.publish(subject, build(view)),
});

/** A result row: how to read the message its subject carries. */
const result = <const S extends Subject>(subject: S, read: (m: MessageOf<S>) => Settled): Result => ({
  subject,
  route: (settle) => defineHandler(subject, (ctx, m) => settle(ctx, read(m))),
});

const base = (v: RequestView) => ({ ...v.head, task_id: v.state.task_id, workflow: v.workflow });
const criteria = (v: RequestView) => v.packet?.acceptance_criteria ?? v.state.requirements;

export const WORKFLOW = {
  plan: {
    team: "leadership",
    rates: [],
    results: [],
    request: request("leadership.plan.requested", (v) => ({
      ...base(v),
      requester: { user_id: v.state.requester },
      task: {
        description: v.state.description,
        requirements: v.state.requirements,
        priority: v.state.priority,
        context: {},
      },
    })),
  },
  implement: {
    team: "development",
    rates: ["plan"],
    request: request("development.task.assigned", (v) => ({
      ...base(v),
      assigned_to_team: "development",
      work_packet: {
        task_id: v.packet?.id ?? "development",
        description: v.packet?.description ?? v.state.description,
        acceptance_criteria: criteria(v),
        dependencies: v.packet?.depends_on ?? [],
        context_location: { qdrant_collection: "cross_team_tasks", point_id: v.state.task_id },
      },
      routing: { next_team: "qa", on_completion_subject: "development.code.ready" },
      upstream_code_locations: v.upstream("implement"),
    })),
    results: [
      result("development.code.ready", (m) => ({ result: m, kind: "done", artifact: m.artifacts.code_location })),
    ],
  },
  test: {
    team: "qa",
    rates: ["implement"],
    request: request("qa.test.requested", (v) => ({
      ...base(v),
      test_scope: {
        type: "unit",
        code_locations: v.upstream("implement"),
        test_requirements: v.state.requirements,
        acceptance_criteria: criteria(v),
      },
      environment: { runtime: "node", dependencies: [], configuration: {} },
    })),
    results: [
      result("qa.approved", (m) => ({
        result: m,
        kind: "done",
        artifact: m.report_location,
        verification: m.verification,
      })),
      result("qa.bugs.found", (m) => ({
        result: m,
        kind: "bugs",
        artifact: m.report_location,
        detail: [
          ...m.issues.map((i) => `[${i.severity}] ${i.description}`),
          ...(m.output_excerpt ? [`The test run's output:\n${tailText(m.output_excerpt, 1_500)}`] : []),
        ],
      })),
    ],
  },
  document: {
    team: "documentation",
    rates: ["implement"],
    request: request("documentation.request", (v) => ({
      ...base(v),
      documentation_type: "api",
      source_artifacts: { code_locations: v.upstream("implement"), report_locations: v.upstream("test") },
      requirements: { format: "markdown", audience: "developer", sections_required: criteria(v) },
    })),
    results: [
      result("documentation.complete", (m) => ({
        result: m,
        kind: "done",
        artifact: m.artifacts.documentation_location,
        extra: Object.fromEntries(m.artifacts.diagrams.slice(0, 1).map((d) => ["diagram", d.location])),
      })),
    ],
  },
  deploy: {
    team: "devops",
    rates: ["document"],
    request: request("devops.deploy.requested", (v) => ({
      ...base(v),
      deployment: {
        environment: "dev",
        code_locations: v.upstream("implement"),
        documentation_locations: v.upstream("document"),
        test_locations: v.upstream("test"),
        configuration: {},
        rollback_strategy: "the branch is removed when the health check fails",
      },
      provenance: v.state.packets.flatMap((p) =>
        p.result
          ? [
              {
                packet_id: p.id,
                team: p.team,
                model: `${p.result.produced_by.provider}/${p.result.produced_by.model}`,
                approval_ratio: p.result.vote.approval_ratio,
                rating: p.result.rating_given?.overall,
              },
            ]
          : [],
      ),
    })),
    results: [
      result("devops.deployed", (m) => ({
        result: m,
        kind: "done",
        artifact: m.deployment.manifest_location,
        repository: m.repository,
      })),
      result("devops.deployment.failed", (m) => ({
        result: m,
        kind: "failed",
        artifact: m.deployment.manifest_location,
        repository: m.repository,
        detail: [`devops could not apply the result: ${m.error ?? "unknown error"}`],
      })),
    ],
  },
  signoff: {
    team: "leadership",
    rates: ["deploy"],
    results: [],
    request: request("leadership.signoff.requested", (v) => ({
      ...base(v),
      packets: v.state.packets.map((p) => ({ id: p.id, team: p.team, title: p.title })),
    })),
  },
} as const satisfies Record<
  StepName,
  { team: string; rates: readonly StepName[]; request: Request; results: readonly Result[] }
>;

/** The step a packet of each team runs, from the table. */
export const PACKET_STEPS: PacketSteps = {
  development: "implement",
  qa: "test",
  documentation: "document",
  devops: "deploy",
};

/** The steps a step rates, from the table. */
export const ratesOf = (step: StepName): readonly StepName[] => WORKFLOW[step].rates;

/** Leadership's subscriptions to every team's results, from the table. */
export function resultHandlers(settle: (ctx: TeamContext, s: Settled) => Promise<void>): Consumer[] {
  return Object.values(WORKFLOW).flatMap((row) => row.results.map((r) => r.route(settle)));
}
