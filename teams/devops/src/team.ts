/**
 * DevOps team: commits the approved work to the task's repository, CI/CD config, release.
 *
 * Receives  devops.deploy.requested (DeploymentRequest, from leadership; rates the docs it receives)
 * Works in  a private clone of the task's repository (deliver.ts): every approved change set and
 *           the docs applied, one commit on flotilla/<task> with trailers (task, votes, ratings,
 *           models), the repository's tests on that tree in the sandbox (the health check), then
 *           the branch fetched into the user's repository under a KV lock per repository. Never pushes.
 * Publishes devops.deployed (DeploymentComplete: plan in `build_artifacts`, the branch, commit and
 *           diff stat, the health check's run), or devops.deployment.failed (branch removed, output)
 * MCP tool  generate_ci_config — a CI/CD plan for a project described inline.
 */
import { z } from "zod";
import { clipText, DeploymentPlan, ids, MAX, type DeploymentRequest, type ObjectRef } from "@flotilla/contracts";
import {
  defineStep,
  defineTeam,
  registerTeamTool,
  reply,
  testRunSummary,
  type StepResult,
  resultOf,
} from "@flotilla/team-runtime";
import { deliver, HealthCheckFailed, withdrawBranch, type Delivery } from "./deliver.ts";

const OPS =
  "You are a DevOps engineer. Apply changes safely, keep CI simple and reproducible, always have a rollback. Answer with JSON only.";

export const team = defineTeam({
  name: "devops",
  purpose: "Applies approved work to the target workspace, writes CI/CD config and releases.",
  agents: [
    {
      name: "devops_engineer",
      role: "DevOps engineer",
      instructions: OPS,
      model: { provider: "groq", model: "llama-3.3-70b" },
    },
    {
      name: "git_specialist",
      role: "git specialist",
      instructions: OPS,
      model: { provider: "openai", model: "gpt-5-mini" },
    },
    {
      name: "ci_cd_specialist",
      role: "CI/CD specialist",
      instructions: OPS,
      model: { provider: "google", model: "gemini-2.5-flash" },
    },
  ],
  steps: [
    defineStep({
      step: "deploy",
      consumes: "devops.deploy.requested",
      output: { name: "DeploymentPlan", schema: DeploymentPlan },
      artifact: { store: "build_artifacts", name: "deployment.json" },
      worktree: { upstream: async () => [], codeContext: false },
      prompt: (m, received) =>
        `Plan how to release this approved work (${m.deployment.environment}), with CI config and rollback.\n\n${received}`,
      finish: async (ctx, m, r) => {
        const { task_id, round } = r.workflow;
        const started = performance.now();
        const base = resultOf(r);
        const deployment = {
          environment: m.deployment.environment,
          version: `${task_id.slice(0, 8)}-r${round}`,
          manifest_location: r.artifact,
        };
        // The health check's whole run is kept in test_artifacts, like every sandboxed run.
        const healthRef: ObjectRef = { object_store: "test_artifacts", key: ids.artifactKey(r.coords, "health.json") };
        const recorded = async (delivery: Delivery) => {
          await ctx.bus.objects.put(healthRef, JSON.stringify(delivery.health, null, 2));
          return [testRunSummary("health", delivery.health, healthRef)];
        };
        try {
          if (!r.worktree) throw new Error("the request names no repository (a message from before repositories)");
          const delivery = await deliver(ctx, m, r.worktree, trailersOf(m, r));
          await ctx.bus.publish("devops.deployed", {
            ...reply(ctx, m, r.workflow, "deployed"),
            ...base,
            runs: await recorded(delivery),
            deployment: {
              ...deployment,
              status: "success",
              deployment_time_seconds: (performance.now() - started) / 1000,
              workspace_path: delivery.repository.path,
            },
            post_deployment: {
              health_check_passed: delivery.health.verdict === "pass",
              smoke_tests_passed: delivery.health.verdict === "pass",
            },
            repository: delivery.repository,
            health_check: delivery.health,
          });
        } catch (err) {
          const failed = err instanceof HealthCheckFailed ? err.delivery : undefined;
          if (!failed && r.worktree) await withdrawBranch(ctx, m, r.worktree);
          await ctx.bus.publish("devops.deployment.failed", {
            ...reply(ctx, m, r.workflow, "failed"),
            ...base,
            runs: failed ? await recorded(failed) : [],
            deployment: {
              ...deployment,
              status: failed ? "rolled_back" : "failed",
              deployment_time_seconds: (performance.now() - started) / 1000,
            },
            post_deployment: { health_check_passed: false, smoke_tests_passed: false },
            repository: failed?.repository,
            health_check: failed?.health,
            error: clipText(
              failed ? `${(err as Error).message}\n${failed.health.output.slice(-1_500)}` : (err as Error).message,
              MAX.text,
            ),
          });
        }
      },
    }),
  ],
  tools: (server, ctx) =>
    registerTeamTool(server, ctx, {
      name: "generate_ci_config",
      title: "Generate CI config",
      description: "Plan CI/CD (config, steps, rollback) for a project described inline.",
      input: { project: z.string().min(1).describe("what the project is and how it is built and tested") },
      output: { name: "DeploymentPlan", schema: DeploymentPlan },
      prompt: (a) => `Write the CI/CD plan for this project:\n\n${a.project}`,
    }),
});

/** The commit's trailers: which task, and how each packet was judged and by which models. */
function trailersOf(m: DeploymentRequest, r: StepResult<DeploymentPlan>): Record<string, string> {
  const pct = (x: number | undefined) => (x === undefined ? "-" : `${Math.round(x * 100)}%`);
  const packets = m.provenance;
  return {
    "Flotilla-Task": m.task_id,
    "Flotilla-Votes": packets.map((p) => `${p.packet_id} ${pct(p.approval_ratio)}`).join(", ") || "-",
    "Flotilla-Ratings": packets.map((p) => `${p.packet_id} ${pct(p.rating)}`).join(", ") || "-",
    "Flotilla-Models": [
      ...new Set([...packets.map((p) => p.model), `${r.producer.provider}/${r.producer.model}`]),
    ].join(", "),
  };
}
