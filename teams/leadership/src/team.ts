/**
 * Leadership team: analyses and decomposes a task, routes work packets, orchestrates the
 * workflow, resolves cross-team dependencies and signs off.
 *
 * Receives  system.task.request (TaskRequest: from its MCP tool or any NATS client)
 *           development.code.ready, qa.approved, qa.bugs.found, documentation.complete,
 *           devops.deployed, devops.deployment.failed, <team>.feedback.received, dlq.*.handler_failed
 * Publishes development.task.assigned, qa.test.requested, documentation.request, devops.deploy.requested,
 *           system.task.completed / system.task.failed (with the request's correlation id)
 * State     KV workflow_state, task_assignments, dependency_graph; Qdrant cross_team_tasks
 * MCP tools submit_task, task_status, list_tasks, get_artifact, team_health, ingest, list_sources
 *           (and search_context, like every team); artifacts as resources
 *
 * Every instance (the background one, the one Claude Desktop spawns) shares the same durable
 * consumers, so there is never a second orchestrator fighting the first.
 */
import { defineTeam } from "@flotilla/team-runtime";
import { planStep } from "./plan-step.ts";
import { signoffStep } from "./signoff-step.ts";
import { routing } from "./routing.ts";
import { registerLeadershipTools } from "./tools/index.ts";
import { knowledgeWatcher } from "./knowledge-watcher.ts";

const LEAD = "You lead a software team. Decompose work into clear packets with testable acceptance criteria, and judge results against the request. Answer with JSON only.";

export const team = defineTeam({
  name: "leadership",
  purpose: "Plans tasks, routes work between the teams, and signs off the result.",
  agents: [
    { name: "tech_lead", role: "tech lead", instructions: LEAD, model: { provider: "anthropic", model: "claude-opus-4-1" } },
    { name: "architect", role: "software architect", instructions: LEAD, model: { provider: "openai", model: "gpt-5" } },
    { name: "project_manager", role: "project manager", instructions: LEAD, model: { provider: "google", model: "gemini-2.5-pro" } },
  ],
  steps: [planStep, signoffStep],
  handlers: routing,
  tools: registerLeadershipTools,
  // Folders named in FLOTILLA_KNOWLEDGE_DIRS stay ingested into Qdrant while the fleet runs.
  services: [knowledgeWatcher],
});
