import { z } from "zod";
import { message } from "../envelope.ts";
import { Issue, ObjectRef, RatingSummary, StepName, TeamName, WorkflowContext } from "../common.ts";
import { resultFields } from "./development.ts";
import { FailingTest, TestRunResult } from "../work/runs.ts";
import { ITEMS, jsonRecord, MAX } from "../limits.ts";

export const TestRequest = message({
  task_id: z.uuid(),
  test_scope: z.object({
    type: z.enum(["unit", "integration", "e2e", "security", "performance"]).default("unit"),
    /** Code of the development packets under test. */
    code_locations: z.array(ObjectRef).min(1).max(ITEMS.some),
    test_requirements: z.array(z.string().max(MAX.text)).max(ITEMS.some).default([]),
    acceptance_criteria: z.array(z.string().max(MAX.line)).max(ITEMS.some).default([]),
  }),
  environment: z.object({
    runtime: z.string().max(MAX.id).default("node"),
    dependencies: z.array(z.string().max(MAX.line)).max(ITEMS.some).default([]),
    configuration: jsonRecord().default({}),
  }),
  workflow: WorkflowContext,
});
export type TestRequest = z.infer<typeof TestRequest>;

export const TestResults = message({
  ...resultFields,
  results: z.object({
    /** From the sandboxed run: `unverified` when nothing could run (no sandbox). */
    status: z.enum(["passed", "failed", "partial", "error", "unverified"]),
    total_tests: z.number().int().min(0),
    passed: z.number().int().min(0),
    failed: z.number().int().min(0),
    skipped: z.number().int().min(0),
    coverage: z.number().min(0).max(100),
    report_location: ObjectRef,
  }),
  /** The sandboxed run the results come from (also in `test_artifacts` at run_location). */
  run: TestRunResult.optional(),
  run_location: ObjectRef.optional(),
  issues_found: z.array(Issue).max(ITEMS.some),
  approval: z.object({
    approved_for_production: z.boolean(),
    approver_agent: z.string().max(MAX.id),
    conditions: z.array(z.string().max(MAX.text)).max(ITEMS.few),
  }),
});
export type TestResults = z.infer<typeof TestResults>;

/** QA found bugs in the code: back to development (bounded rounds). */
export const BugReport = message({
  ...resultFields,
  code_location: ObjectRef,
  report_location: ObjectRef,
  issues: z.array(Issue).max(ITEMS.some),
  /** The tests the runner reported failing, with their messages. */
  failing_tests: z.array(FailingTest).max(ITEMS.some).default([]),
  /** The end of the run's output. */
  output_excerpt: z.string().max(MAX.long).default(""),
});
export type BugReport = z.infer<typeof BugReport>;

/** QA approves the code for documentation and release. */
export const Approval = message({
  ...resultFields,
  approval_id: z.uuid(),
  approver_agent: z.string().max(MAX.id),
  conditions: z.array(z.string().max(MAX.text)).max(ITEMS.few),
  code_location: ObjectRef,
  report_location: ObjectRef,
  /** `verified`: the tests ran in the sandbox and passed; `unverified`: nothing could run. */
  verification: z.enum(["verified", "unverified"]).default("verified"),
});
export type Approval = z.infer<typeof Approval>;

/** A team sends received work back to its producer (`<team>.feedback.received`). */
export const Feedback = message({
  task_id: z.uuid(),
  from_team: TeamName,
  to_team: TeamName,
  /** The producing step that must be redone with this feedback. */
  redo_step: StepName,
  rating: RatingSummary,
  workflow: WorkflowContext,
});
export type Feedback = z.infer<typeof Feedback>;
