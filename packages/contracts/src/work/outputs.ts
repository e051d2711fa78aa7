import { z } from "zod";
import { Issue, PacketId } from "../common.ts";
import { FileChange } from "./change-set.ts";

/** Every step's output says who (or what) wrote it, so simulated work is never mistaken for real. */
const authored = { summary: z.string(), simulated: z.boolean().default(false) };

export const Plan = z.object({
  ...authored,
  work_packets: z
    .array(
      z.object({
        id: PacketId,
        /** development, qa, documentation or devops; leadership checks it (an unknown team means a re-plan). */
        team: z.string().min(1),
        title: z.string(),
        description: z.string(),
        acceptance_criteria: z.array(z.string()),
        depends_on: z.array(z.string()).default([]),
      }),
    )
    .min(1),
  risks: z.array(z.string()).default([]),
});
export type Plan = z.infer<typeof Plan>;

/** A whole file an agent writes (QA's tests): a path relative to the repository root. */
const SourceFile = z.object({
  path: z
    .string()
    .regex(/^[^/][^\0]*$/)
    .refine((p) => !p.split("/").includes(".."), "no '..' in paths"),
  content: z.string(),
});

/**
 * Development's work: a change set against the task's repository (files created, replaced,
 * patched or deleted, tests included). Validated, applied and run in the sandbox before the vote.
 */
export const CodeBundle = z.object({
  ...authored,
  language: z.string(),
  changes: z.array(FileChange).min(1),
  notes: z.array(z.string()).default([]),
});
export type CodeBundle = z.infer<typeof CodeBundle>;

/**
 * QA's work: tests for the packet's acceptance criteria, written into the repository and run
 * with its suite in the sandbox. The verdict comes from that run, never from this answer.
 */
export const TestSuite = z.object({
  ...authored,
  tests: z.array(SourceFile).min(1),
  /** How the tests cover the acceptance criteria, and what they leave out. */
  strategy: z.string(),
  /** Risks the agents see beyond what the tests check (security, performance). */
  issues: z.array(Issue).default([]),
});
export type TestSuite = z.infer<typeof TestSuite>;

/**
 * QA's reading of a failed run, asked for after the runner decided: per failing test, the likely
 * cause and a fix to try. It explains; it never changes the verdict or the counts.
 */
export const FailureAnalysis = z.object({
  ...authored,
  explanations: z.array(z.object({ test: z.string(), cause: z.string(), suggested_fix: z.string() })),
});
export type FailureAnalysis = z.infer<typeof FailureAnalysis>;

export const DocBundle = z.object({
  ...authored,
  markdown: z.string(),
  api_reference: z.string(),
  diagram_mermaid: z.string(),
  release_notes: z.string(),
});
export type DocBundle = z.infer<typeof DocBundle>;

export const DeploymentPlan = z.object({
  ...authored,
  environment: z.enum(["dev", "staging", "production"]).default("dev"),
  steps: z.array(z.string()).min(1),
  ci_config: z.string(),
  rollback: z.string(),
});
export type DeploymentPlan = z.infer<typeof DeploymentPlan>;

export const SignOff = z.object({
  ...authored,
  accepted: z.boolean(),
  /** When not accepted: the packets to do again, each with what is wrong (none named: the task fails). */
  send_back: z.array(z.object({ packet_id: PacketId, reason: z.string() })).default([]),
  highlights: z.array(z.string()).default([]),
  concerns: z.array(z.string()).default([]),
});
export type SignOff = z.infer<typeof SignOff>;

/** Review of code given inline (QA's IDE tool). */
export const CodeReview = z.object({
  ...authored,
  verdict: z.enum(["approve", "request_changes"]),
  issues: z.array(Issue).default([]),
  suggestions: z.array(z.string()).default([]),
});
export type CodeReview = z.infer<typeof CodeReview>;

export const WORK_OUTPUTS = { Plan, CodeBundle, TestSuite, DocBundle, DeploymentPlan, SignOff, CodeReview } as const;
export type WorkOutputName = keyof typeof WORK_OUTPUTS;
