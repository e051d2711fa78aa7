import { z } from "zod";
import { message } from "../envelope.ts";
import { ObjectRef, PacketId, TeamName, WorkflowContext } from "../common.ts";
import { TestRunResult } from "../work/runs.ts";
import { resultFields } from "./development.ts";
import { ITEMS, jsonRecord, MAX } from "../limits.ts";

const Environment = z.enum(["dev", "staging", "production"]);

export const DeploymentRequest = message({
  task_id: z.uuid(),
  deployment: z.object({
    environment: Environment.default("dev"),
    /** Code of every development packet this deployment ships, in dependency order. */
    code_locations: z.array(ObjectRef).min(1).max(ITEMS.some),
    documentation_locations: z.array(ObjectRef).max(ITEMS.some).default([]),
    /** QA's tests (TestSuite) of those packets: committed with the code they check. */
    test_locations: z.array(ObjectRef).max(ITEMS.some).default([]),
    configuration: jsonRecord().default({}),
    rollback_strategy: z.string().max(MAX.text).default("restore previous workspace snapshot"),
    qa_approval_id: z.uuid().optional(),
  }),
  /** Who made each packet and how it was judged: the commit's trailers. */
  provenance: z
    .array(
      z.object({
        packet_id: PacketId,
        team: TeamName,
        model: z.string().max(MAX.id),
        approval_ratio: z.number().min(0).max(1).optional(),
        rating: z.number().min(0).max(1).optional(),
      }),
    )
    .max(ITEMS.some)
    .default([]),
  infrastructure: z
    .object({
      resources_required: z.array(z.string().max(MAX.line)).max(ITEMS.few).default([]),
      scaling_policy: jsonRecord().default({}),
      monitoring_requirements: z.array(z.string().max(MAX.line)).max(ITEMS.few).default([]),
    })
    .default({ resources_required: [], scaling_policy: {}, monitoring_requirements: [] }),
  workflow: WorkflowContext,
});
export type DeploymentRequest = z.infer<typeof DeploymentRequest>;

/** The task's work as one commit on `flotilla/<task>` of the target repository. */
export const DeliveredBranch = z.object({
  path: z.string().max(MAX.path),
  branch: z.string().max(MAX.line),
  commit: z.string().max(64),
  base_commit: z.string().max(64),
  scratch: z.boolean(),
  diff_stat: z.object({
    files: z.number().int().min(0),
    insertions: z.number().int().min(0),
    deletions: z.number().int().min(0),
    /** `git diff --stat`, its end kept when longer (the summary line is last). */
    text: z.string().max(MAX.long),
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
    version: z.string().max(MAX.line),
    endpoints: z.array(z.string().max(MAX.line)).max(ITEMS.few).default([]),
    deployment_time_seconds: z.number().min(0),
    workspace_path: z.string().max(MAX.path).optional(),
    manifest_location: ObjectRef,
  }),
  post_deployment: z.object({ health_check_passed: z.boolean(), smoke_tests_passed: z.boolean() }),
  /** The commit on the task's branch (on failure: the commit that was removed). */
  repository: DeliveredBranch.optional(),
  /** The repository's tests on the committed tree, in the sandbox. */
  health_check: TestRunResult.optional(),
  error: z.string().max(MAX.text).optional(),
});
export type DeploymentComplete = z.infer<typeof DeploymentComplete>;
