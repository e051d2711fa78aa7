import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { BusError, listDlq, replayDlq, type DlqListing } from "@flotilla/bus";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";

const Token = z
  .string()
  .max(64)
  .regex(/^[\w-]+$/, "one subject token: letters, digits, _ and -");

const Entry = z.object({
  id: z.number().int(),
  subject: z.string(),
  team: z.string(),
  reason: z.string(),
  time: z.string(),
  original_subject: z.string().optional(),
  task_id: z.string().optional(),
  failure_reason: z.string().optional(),
  failure_count: z.number().int().optional(),
  replayable: z.boolean(),
  not_replayable: z.string().optional(),
});

const Replay = {
  id: z.number().int(),
  original_subject: z.string(),
  subject: z.string(),
  message_id: z.string(),
  stream: z.string(),
  sequence: z.number().int(),
  duplicate: z.boolean(),
  task_id: z.string().optional(),
  task_ended: z.string().optional(),
  record_id: z.number().int(),
  deleted: z.boolean(),
};

const MAX_FAILURE = 500;
const brief = (e: DlqListing): DlqListing =>
  e.failure_reason && e.failure_reason.length > MAX_FAILURE
    ? { ...e, failure_reason: `${e.failure_reason.slice(0, MAX_FAILURE)}…` }
    : e;

const line = (e: DlqListing) =>
  `#${e.id} ${e.time} ${e.team}/${e.reason} ${e.original_subject ?? "?"}${e.task_id ? ` task ${e.task_id}` : ""} — ` +
  `${e.replayable ? "replayable" : `not replayable: ${e.not_replayable}`}${e.failure_reason ? `; failed: ${e.failure_reason}` : ""}`;

/** dlq_list and dlq_replay: dead-lettered messages, and replaying one once its cause is fixed. */
export function registerDlqTools(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "dlq_list",
    {
      title: "List DLQ entries",
      description:
        "Messages a team could not process (dlq.<team>.<reason>), newest first: the id dlq_replay takes, the original " +
        "subject, the task, why it failed and whether its original would replay.",
      inputSchema: {
        team: Token.optional().describe("only entries of this team's consumers"),
        reason: Token.optional().describe("handler_failed, invalid_json, schema_violation, unknown_version, ..."),
        task_id: z.string().max(64).optional().describe("only entries about this task"),
        limit: z.number().int().min(1).max(500).default(50),
      },
      outputSchema: { entries: z.array(Entry), total: z.number().int() },
      annotations: { readOnlyHint: true },
    },
    async ({ team, reason, task_id, limit }) => {
      const all = await listDlq(ctx.bus, { team, reason, task: task_id });
      const entries = all.slice(-limit).reverse().map(brief);
      const text = entries.length ? entries.map(line).join("\n") : "the DLQ holds no matching entry";
      return structured({ entries, total: all.length }, `${all.length} entries\n${text}`);
    },
  );

  server.registerTool(
    "dlq_replay",
    {
      title: "Replay a DLQ entry",
      description:
        "Validates a DLQ entry's original message against the catalogue again and, if it passes, re-publishes it on " +
        "its subject under a new message id, records the replay on dlq.<team>.replayed and deletes the entry. " +
        "Fix the cause first (dlq_list says why it failed); a message that is not valid cannot be replayed as is.",
      inputSchema: { id: z.number().int().min(1).describe("the entry's id, from dlq_list") },
      outputSchema: Replay,
    },
    async ({ id }) => {
      try {
        const r = await replayDlq(ctx.bus, id, { requestedBy: "mcp client (dlq_replay)" });
        const ended = r.task_ended
          ? ` Task ${r.task_id} had already ${r.task_ended}: its outcome stands, the replay changes nothing for it.`
          : "";
        return structured(
          { ...r },
          `Replayed DLQ entry ${r.id} on ${r.subject} as message ${r.message_id}` +
            `${r.task_id ? ` (task ${r.task_id})` : ""}; recorded as DLQ #${r.record_id}` +
            `${r.deleted ? ", entry deleted" : ", entry kept and marked replayed (this user may not delete it)"}.${ended}`,
        );
      } catch (err) {
        if (!BusError.is(err) || err.isRetryable) throw err;
        // Leadership publishes only its own subjects: another team's result needs the admin user.
        const hint = /NATS refused/.test(err.message) ? `; replay it with \`flotilla dlq replay ${id}\` (admin)` : "";
        return toolError(`${err.message}${hint}`);
      }
    },
  );
}
