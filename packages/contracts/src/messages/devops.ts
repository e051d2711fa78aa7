import { z } from "zod";
import { message } from "../envelope.ts";
import { ObjectRef, WorkflowContext } from "../common.ts";
import { resultFields } from "./development.ts";

const Environment = z.enum(["dev", "staging", "production"]);

export const DeploymentRequest = message({
  task_id: z.uuid(),
  deployment: z.object({
    environment: Environment.default("dev"),
    /** Code of every development packet this deployment ships, in dependency order. */
    code_locations: z.array(ObjectRef).min(1),
    documentation_locations: z.array(ObjectRef).default([]),
    configuration: z.record(z.string(), z.unknown()).default({}),
    rollback_strategy: z.string().default("restore previous workspace snapshot"),
    qa_approval_id: z.uuid().optional(),
  }),
  infrastructure: z
    .object({
      resources_required: z.array(z.string()).default([]),
      scaling_policy: z.record(z.string(), z.unknown()).default({}),
      monitoring_requirements: z.array(z.string()).default([]),
    })
    .default({ resources_required: [], scaling_policy: {}, monitoring_requirements: [] }),
  workflow: WorkflowContext,
});
export type DeploymentRequest = z.infer<typeof DeploymentRequest>;

/** Published on devops.deployed, or on devops.deployment.failed with status failed/rolled_back. */
export const DeploymentComplete = message({
  ...resultFields,
  deployment: z.object({
    status: z.enum(["success", "failed", "rolled_back"]),
    environment: Environment,
    version: z.string(),
    endpoints: z.array(z.string()).default([]),
    deployment_time_seconds: z.number().min(0),
    workspace_path: z.string().optional(),
    manifest_location: ObjectRef,
  }),
  post_deployment: z.object({ health_check_passed: z.boolean(), smoke_tests_passed: z.boolean() }),
  error: z.string().optional(),
});
export type DeploymentComplete = z.infer<typeof DeploymentComplete>;
