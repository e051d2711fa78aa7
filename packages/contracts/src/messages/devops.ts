import { z } from "zod";
import { message } from "../envelope.ts";
import { ObjectRef, PacketId, TeamName, WorkflowContext } from "../common.ts";
import { TestRunResult } from "../work/runs.ts";
import { resultFields } from "./development.ts";

const Environment = z.enum(["dev", "staging", "production"]);

export const DeploymentRequest = message({
  task_id: z.uuid(),
  deployment: z.object({
    environment: Environment.default("dev"),
    /** Code of every development packet this deployment ships, in dependency order. */
    code_locations: z.array(ObjectRef).min(1),
    documentation_locations: z.array(ObjectRef).default([]),
    /** QA's tests (TestSuite) of those packets: committed with the code they check. */
    test_locations: z.array(ObjectRef).default([]),
    configuration: z.record(z.string(), z.unknown()).default({}),
    rollback_strategy: z.string().default("restore previous workspace snapshot"),
    qa_approval_id: z.uuid().optional(),
  }),
  /** Who made each packet and how it was judged: the commit's trailers. */
  provenance: z
    .array(
      z.object({
        packet_id: PacketId,
        team: TeamName,
        model: z.string(),
        approval_ratio: z.number().min(0).max(1).optional(),
        rating: z.number().min(0).max(1).optional(),
      }),
    )
    .default([]),
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

/** The task's work as one commit on `flotilla/<task>` of the target repository. */
export const DeliveredBranch = z.object({
  path: z.string(),
  branch: z.string(),
  commit: z.string(),
  base_commit: z.string(),
  scratch: z.boolean(),
  diff_stat: z.object({
    files: z.number().int().min(0),
    insertions: z.number().int().min(0),
    deletions: z.number().int().min(0),
    text: z.string(),
  }),
  /** False when the health check failed and the branch was removed. */
  delivered: z.boolean(),
});
export type DeliveredBranch = z.infer<typeof DeliveredBranch>;

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
  /** The commit on the task's branch (on failure: the commit that was removed). */
  repository: DeliveredBranch.optional(),
  /** The repository's tests on the committed tree, in the sandbox. */
  health_check: TestRunResult.optional(),
  error: z.string().optional(),
});
export type DeploymentComplete = z.infer<typeof DeploymentComplete>;
