import { z } from "zod";
import { ids, TEAMS, type DlqEntry } from "@flotilla/contracts";
import { defineHandler, timedWork, type Consumer, type TeamContext } from "@flotilla/team-runtime";
import { perform } from "./effects.ts";
import { taskIdOf } from "./plan-step.ts";
import { readState } from "./state.ts";
import { taskTargetOf } from "./repo-intake.ts";
import { deadLettered, received, returned, settled, type Transitioned } from "./transitions.ts";
import { decided } from "./outside-transitions.ts";
import { resultHandlers } from "./workflow.ts";

const then =
  (ctx: TeamContext) =>
  ({ state, effects }: Transitioned) =>
    perform(ctx, state, effects);

/** Leadership's subscriptions besides its two steps: each moves a task forward through a transition. */
export const routes: Consumer[] = [
  // A task arrives (MCP tool or any NATS client): its repository resolved, recorded, then planned over the bus.
  defineHandler("system.task.request", async (ctx, m) => {
    const taskId = taskIdOf(m);
    // Known already (a re-delivery): the recorded effects are published again, nothing is resolved anew.
    const known = await readState(ctx.bus, taskId);
    const target = known ? undefined : await timedWork("repository", () => taskTargetOf(ctx, m, taskId));
    await then(ctx)(await received(ctx, m, taskId, target));
  }),
  // A person's decision at an approval gate (FLOTILLA_APPROVAL).
  defineHandler("system.task.approval", async (ctx, m) => then(ctx)(await decided(ctx, m))),
  // Every team's results, from the workflow table.
  ...resultHandlers(async (ctx, r) => then(ctx)(await settled(ctx, r))),
  // A team rejected the work it received: its producer redoes it.
  ...TEAMS.map((team) =>
    defineHandler(`${team}.feedback.received`, async (ctx, m) => then(ctx)(await returned(ctx, m))),
  ),
  // A message a team could not process after every retry: its packet (or its task) fails with the reason.
  defineHandler("dlq.*.handler_failed", async (ctx, m) => {
    // Failures of this very handler land on the DLQ too; they must not feed it again.
    if (m.dlq_metadata.original_subject.startsWith("dlq.")) return;
    const about = whatFailed(m);
    const taskId = about.taskId ?? m.dlq_metadata.task_id;
    if (!taskId || !(await readState(ctx.bus, taskId))) return;
    await then(ctx)(await deadLettered(ctx, m, taskId, about.packetId, reasonOf(m)));
  }),
];

function reasonOf(m: DlqEntry): string {
  const d = m.dlq_metadata;
  return (
    `${d.team} could not process ${d.original_subject} after ${d.failure_count} ` +
    `attempt${d.failure_count > 1 ? "s" : ""}: ${d.failure_reason}` +
    ` (entry kept on dlq.${d.team}.handler_failed for replay)`
  );
}

/** What a dead-lettered message was about, read leniently: it failed somewhere, for a reason. */
const Original = z.object({
  message_id: z.string().optional(),
  task_id: z.string().optional(),
  parent_task_id: z.string().nullish(),
  workflow: z.object({ task_id: z.string().optional(), packet_id: z.string().optional() }).optional(),
});

function whatFailed(m: DlqEntry): { taskId?: string; packetId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(m.dlq_metadata.original_message);
  } catch {
    return {};
  }
  const o = Original.safeParse(json);
  if (!o.success) return {};
  const { data } = o;
  // A request that did not choose its task id got one derived from its message id.
  if (m.dlq_metadata.original_subject === "system.task.request") {
    return { taskId: data.task_id ?? (data.message_id ? ids.taskFromRequest(data.message_id) : undefined) };
  }
  return { taskId: data.workflow?.task_id ?? data.parent_task_id ?? data.task_id, packetId: data.workflow?.packet_id };
}
