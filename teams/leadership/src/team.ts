/**
 * Leadership team: plans a task as a graph of work packets, runs the packets in dependency order
 * (independent ones in parallel), routes each team's result to the next packets, and signs off.
 *
 * Receives  system.task.request (TaskRequest: from its MCP tool or any NATS client)
 *           every team's results and feedback (workflow.ts lists them), dlq.*.handler_failed
 * Steps     plan on leadership.plan.requested, signoff on leadership.signoff.requested
 * Publishes work requests (workflow.ts: development.task.assigned, qa.test.requested, ...), prioritized;
 *           system.task.completed / system.task.failed (with the request's correlation id)
 * Gates     FLOTILLA_APPROVAL steps wait for a person (gates.ts; tools approve / reject)
 * Watchdog  resumes stalled tasks from their state (watchdog.ts, recovery.task.resurrected)
 * Ledger    folds every team's metrics.agent.* into KV ledger per task (ledger.ts)
 * State     KV workflow_state (written only through transitions.ts), task_assignments, dependency_graph;
 *           Qdrant cross_team_tasks
 * MCP tools submit_task, task_status, list_tasks, get_artifact, team_health, ingest, list_sources
 *           (and search_context, like every team); artifacts as resources
 *
 * Read on in workflow.ts (the table), transitions.ts (how a task moves), then the two steps.
 * Every instance shares the same durable consumers, so there is never a second orchestrator
 * fighting the first; state writes are revision-checked.
 */
import { defineTeam } from "@flotilla/team-runtime";
import { planStep } from "./plan-step.ts";
import { signoffStep } from "./signoff-step.ts";
import { routes } from "./routes.ts";
import { knowledgeWatcher } from "./knowledge-watcher.ts";
import { watchdog } from "./watchdog.ts";
import { ledger } from "./ledger.ts";

const LEAD =
  "You lead a software team. Decompose work into clear packets with testable acceptance criteria, " +
  "and judge results against the request. Answer with JSON only.";

export const team = defineTeam({
  name: "leadership",
  purpose: "Plans tasks as graphs of work packets, routes work between the teams, and signs off the result.",
  agents: [
    {
      name: "tech_lead",
      role: "tech lead",
      instructions: LEAD,
      model: { provider: "anthropic", model: "claude-opus-4-1" },
    },
    {
      name: "architect",
      role: "software architect",
      instructions: LEAD,
      model: { provider: "openai", model: "gpt-5" },
    },
    {
      name: "project_manager",
      role: "project manager",
      instructions: LEAD,
      model: { provider: "google", model: "gemini-2.5-pro" },
    },
  ],
  steps: [planStep, signoffStep],
  handlers: [...routes, ledger],
  // Imported on demand: the tools' code (and the MCP SDK it needs) loads only for an MCP client.
  tools: async (server, ctx) => (await import("./tools/index.ts")).registerLeadershipTools(server, ctx),
  // Folders named in FLOTILLA_KNOWLEDGE_DIRS stay ingested into Qdrant while the fleet runs;
  // the watchdog resumes tasks nothing moved forward for TASK_STALL_TIMEOUT_MS.
  services: [knowledgeWatcher, watchdog],
});
