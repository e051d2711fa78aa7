/**
 * DevOps team: applies the approved result to the target workspace, CI/CD config, release.
 *
 * Receives  devops.deploy.requested (DeploymentRequest, from leadership; rates the docs it receives)
 * Publishes devops.deployed (DeploymentComplete; plan in `build_artifacts`, files written under
 *           FLOTILLA_WORKSPACE/<task id>/), or devops.deployment.failed when applying fails
 * MCP tool  generate_ci_config — a CI/CD plan for a project described inline.
 */
import { z } from "zod";
import { CodeBundle, DeploymentPlan, DocBundle } from "@flotilla/contracts";
import { defineStep, defineTeam, registerTeamTool, reply } from "@flotilla/team-runtime";
import { applyToWorkspace } from "./apply.ts";

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
      prompt: (m, received) =>
        `Plan how to apply this approved work to the ${m.deployment.environment} workspace, with CI config and rollback.\n\n${received}`,
      finish: async (ctx, m, r) => {
        const { task_id, round } = r.workflow;
        const started = performance.now();
        const base = {
          task_id,
          produced_by: r.producer,
          vote: r.vote,
          workflow: r.workflow,
          received_rating: r.rating,
          context: r.context,
        };
        const deployment = {
          environment: m.deployment.environment,
          version: `${task_id.slice(0, 8)}-r${round}`,
          manifest_location: r.artifact,
        };
        try {
          const code = await Promise.all(
            m.deployment.code_locations.map(async (ref) => CodeBundle.parse(await ctx.bus.objects.getJson(ref))),
          );
          const docs = await Promise.all(
            m.deployment.documentation_locations.map(async (ref) =>
              DocBundle.parse(await ctx.bus.objects.getJson(ref)),
            ),
          );
          const applied = await applyToWorkspace(ctx.config.FLOTILLA_WORKSPACE, task_id, code, docs);
          await ctx.bus.publish("devops.deployed", {
            ...reply(ctx, m, r.workflow, "deployed"),
            ...base,
            deployment: {
              ...deployment,
              status: "success",
              deployment_time_seconds: (performance.now() - started) / 1000,
              workspace_path: applied.root,
            },
            post_deployment: { health_check_passed: true, smoke_tests_passed: applied.files.length > 0 },
          });
        } catch (err) {
          await ctx.bus.publish("devops.deployment.failed", {
            ...reply(ctx, m, r.workflow, "failed"),
            ...base,
            deployment: {
              ...deployment,
              status: "failed",
              deployment_time_seconds: (performance.now() - started) / 1000,
            },
            post_deployment: { health_check_passed: false, smoke_tests_passed: false },
            error: (err as Error).message,
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
