import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { cutText, LedgerCounts } from "@flotilla/contracts";
import { readLedger, totalsText } from "@flotilla/ledger";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";
import { listStates, readState, type StepRecord, type WorkflowState } from "../state.ts";

const TaskLine = z.object({
  task_id: z.string(),
  status: z.string(),
  current_step: z.string(),
  description: z.string(),
  started_at: z.string(),
  finished_at: z.string().optional(),
  reason: z.string().optional(),
  simulated: z.boolean(),
});

const cited = (r: StepRecord) =>
  r.context.map(
    (c, i) =>
      `      [K${i + 1}] ${c.collection}${c.source ? ` · ${c.source}` : ""}` +
      `${c.heading_path?.length ? ` › ${c.heading_path.join(" › ")}` : ""}`,
  );

/** The step's sandboxed runs, and the branch devops delivered. */
const ran = (r: StepRecord) => [
  ...r.runs.map(
    (run) =>
      `      ${run.kind}: ${run.verdict} ${run.passed}/${run.total} passed` +
      `${run.failing.length ? ` (failing ${run.failing.join(", ")})` : ""}${run.location ? ` → ${run.location.key}` : ""}`,
  ),
  ...(r.repository
    ? [
        `      branch ${r.repository.branch} ${r.repository.delivered ? `at ${r.repository.commit.slice(0, 12)}` : "removed"}` +
          ` (${r.repository.diff_stat.files} files, +${r.repository.diff_stat.insertions} −${r.repository.diff_stat.deletions})`,
      ]
    : []),
];

const voted = (r: StepRecord) =>
  `vote ${r.vote.outcome} (${r.vote.attempts} attempt(s), ${Math.round(r.vote.approval_ratio * 100)}% weighted` +
  `${r.vote.single_provider ? `, single-provider vote: ${r.vote.providers.join(", ")}` : ""})` +
  ` → ${r.artifact.object_store}/${r.artifact.key}`;

/** Which model served each agent in the step, and why (MODEL_SELECTION_STRATEGY). */
const chosen = (r: StepRecord) =>
  r.model_choices.map((c) => `      ${c.agent} (${c.role}) on ${c.provider}/${c.model} — ${c.reason}`);

/** A task as a person reads it: the plan, every packet with its vote and artifact, the sign-off. */
export function statusText(s: WorkflowState): string {
  const lines = [
    `${s.simulated ? "[SIMULATION] " : ""}Task ${s.task_id}: ${s.status} (${s.phase})${s.reason ? ` — ${s.reason}` : ""}`,
  ];
  if (s.repo)
    lines.push(
      `  repository: ${s.repo.scratch ? "scratch " : ""}${s.repo.path} from ${s.repo.base_commit.slice(0, 12)}`,
    );
  if (s.task_type) lines.push(`  task type: ${s.task_type}`);
  if (s.plan) lines.push(`  plan round ${s.plan_round}: ${voted(s.plan)}`, ...chosen(s.plan), ...cited(s.plan));
  for (const p of s.packets) {
    const deps = p.depends_on.length ? ` after ${p.depends_on.join(", ")}` : "";
    lines.push(
      `  ${p.id} ${p.step} (${p.team}${p.implied ? ", added by leadership" : ""})${deps}: ${p.status}, round ${p.round}` +
        `${p.result ? ` — ${voted(p.result)}` : ""}${p.reason ? ` — ${p.reason}` : ""}`,
    );
    if (p.result) lines.push(...chosen(p.result), ...cited(p.result), ...ran(p.result));
  }
  if (s.signoff) lines.push(`  signoff round ${s.signoff_round}: ${voted(s.signoff)}`, ...chosen(s.signoff));
  for (const a of s.approvals)
    lines.push(
      `  approval ${a.id} (${a.step}): ${a.status}` +
        (a.by ? ` by ${a.by}${a.comment ? ` — ${a.comment}` : ""}` : " — approve or reject it"),
    );
  if (s.quality_flags.length) lines.push(`  flags: ${s.quality_flags.join("; ")}`);
  return lines.join("\n");
}

export function registerStatusTools(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "task_status",
    {
      title: "Task status",
      description:
        "Where a task is: status, the plan's packets with their votes, ratings and artifacts, which model served " +
        "each agent and why, the sign-off, quality flags, history, and the ledger: the task's model calls, tokens, " +
        "latency, retries, fallbacks and the models that served.",
      inputSchema: { task_id: z.uuid() },
      outputSchema: {
        task_id: z.string(),
        status: z.string(),
        current_step: z.string(),
        state: z.record(z.string(), z.unknown()),
        ledger: LedgerCounts.extend({ models: z.array(z.string()) }).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ task_id }) => {
      const s = await readState(ctx.bus, task_id);
      if (!s)
        return toolError(
          `no task ${task_id} (it may not have been planned yet, or the id is wrong); list_tasks shows the known ones`,
        );
      const { handled: _handled, ...state } = s;
      // Counted from metrics.agent.*, which may trail the state by a moment.
      const ledger = await readLedger(ctx.bus, task_id).catch(() => undefined);
      const text = ledger ? `${statusText(s)}\n  ledger: ${totalsText(ledger.totals, ledger.models)}` : statusText(s);
      const spent = ledger && { ...ledger.totals, models: ledger.models };
      return structured(
        { task_id: s.task_id, status: s.status, current_step: s.current_step, state, ledger: spent },
        text,
      );
    },
  );

  server.registerTool(
    "list_tasks",
    {
      title: "List tasks",
      description: "Known tasks, newest first.",
      inputSchema: {
        status: z.enum(["running", "completed", "failed"]).optional(),
        limit: z.number().int().min(1).max(500).default(20),
      },
      outputSchema: { tasks: z.array(TaskLine) },
      annotations: { readOnlyHint: true },
    },
    async ({ status, limit }) => {
      const tasks = (await listStates(ctx.bus))
        .filter((s) => !status || s.status === status)
        .slice(0, limit)
        .map((s) => ({
          task_id: s.task_id,
          status: s.status,
          current_step: s.current_step,
          description: cutText(s.description, 200),
          started_at: s.started_at,
          finished_at: s.finished_at,
          reason: s.reason,
          simulated: s.simulated,
        }));
      return structured(
        { tasks },
        tasks
          .map((t) => `${t.task_id} ${t.status.padEnd(9)} ${t.current_step.padEnd(9)} ${cutText(t.description, 60)}`)
          .join("\n") || "no tasks yet",
      );
    },
  );
}
