import { z } from "zod";
import { Issue, PacketId } from "../common.ts";
import { FileChange } from "./change-set.ts";
import { ITEMS, MAX, PLAN_PACKETS_MAX } from "../limits.ts";

/** Every step's output says who (or what) wrote it, so simulated work is never mistaken for real. */
const authored = { summary: z.string().max(MAX.text), simulated: z.boolean().default(false) };

export const Plan = z.object({
  ...authored,
  work_packets: z
    .array(
      z.object({
        id: PacketId,
        /** development, qa, documentation or devops; leadership checks it (an unknown team means a re-plan). */
        team: z.string().min(1).max(MAX.id),
        title: z.string().max(MAX.line),
        description: z.string().max(MAX.text),
        acceptance_criteria: z.array(z.string().max(MAX.line)).max(ITEMS.few),
        depends_on: z.array(z.string().max(MAX.id)).max(PLAN_PACKETS_MAX).default([]),
      }),
    )
    .min(1)
    .max(PLAN_PACKETS_MAX),
  risks: z.array(z.string().max(MAX.text)).max(ITEMS.few).default([]),
});
export type Plan = z.infer<typeof Plan>;

/** A whole file an agent writes (QA's tests): a path relative to the repository root. */
const SourceFile = z.object({
  path: z
    .string()
    .max(MAX.path)
    .regex(/^[^/][^\0]*$/)
    .refine((p) => !p.split("/").includes(".."), "no '..' in paths"),
  content: z.string().max(MAX.file),
});

/**
 * Development's work: a change set against the task's repository (files created, replaced,
 * patched or deleted, tests included). Validated, applied and run in the sandbox before the vote.
 */
export const CodeBundle = z.object({
  ...authored,
  language: z.string().max(MAX.id),
  changes: z.array(FileChange).min(1).max(ITEMS.many),
  notes: z.array(z.string().max(MAX.text)).max(ITEMS.few).default([]),
});
export type CodeBundle = z.infer<typeof CodeBundle>;

/**
 * QA's work: tests for the packet's acceptance criteria, written into the repository and run
 * with its suite in the sandbox. The verdict comes from that run, never from this answer.
 */
export const TestSuite = z.object({
  ...authored,
  tests: z.array(SourceFile).min(1).max(ITEMS.some),
  /** How the tests cover the acceptance criteria, and what they leave out. */
  strategy: z.string().max(MAX.text),
  /** Risks the agents see beyond what the tests check (security, performance). */
  issues: z.array(Issue).max(ITEMS.few).default([]),
  /** Which tests check which acceptance criterion: completeness is the share of criteria whose tests pass. */
  covers: z
    .array(
      z.object({
        criterion: z.string().max(MAX.line),
        /** Test names as the runner reports them (or a part of them). */
        tests: z.array(z.string().max(MAX.line)).max(ITEMS.few),
      }),
    )
    .max(ITEMS.few)
    .default([]),
});
export type TestSuite = z.infer<typeof TestSuite>;

/**
 * QA's reading of a failed run, asked for after the runner decided: per failing test, the likely
 * cause and a fix to try. It explains; it never changes the verdict or the counts.
 */
export const FailureAnalysis = z.object({
  ...authored,
  explanations: z
    .array(
      z.object({
        test: z.string().max(MAX.line),
        cause: z.string().max(MAX.text),
        suggested_fix: z.string().max(MAX.text),
      }),
    )
    .max(ITEMS.some),
});
export type FailureAnalysis = z.infer<typeof FailureAnalysis>;

export const DocBundle = z.object({
  ...authored,
  markdown: z.string().max(MAX.file),
  api_reference: z.string().max(MAX.file),
  diagram_mermaid: z.string().max(MAX.long),
  release_notes: z.string().max(MAX.long),
});
export type DocBundle = z.infer<typeof DocBundle>;

export const DeploymentPlan = z.object({
  ...authored,
  environment: z.enum(["dev", "staging", "production"]).default("dev"),
  steps: z.array(z.string().max(MAX.text)).min(1).max(ITEMS.some),
  ci_config: z.string().max(MAX.long),
  rollback: z.string().max(MAX.text),
});
export type DeploymentPlan = z.infer<typeof DeploymentPlan>;

export const SignOff = z.object({
  ...authored,
  accepted: z.boolean(),
  /** When not accepted: the packets to do again, each with what is wrong (none named: the task fails). */
  send_back: z
    .array(z.object({ packet_id: PacketId, reason: z.string().max(MAX.text) }))
    .max(ITEMS.some)
    .default([]),
  highlights: z.array(z.string().max(MAX.text)).max(ITEMS.few).default([]),
  concerns: z.array(z.string().max(MAX.text)).max(ITEMS.few).default([]),
});
export type SignOff = z.infer<typeof SignOff>;

/** Review of code given inline (QA's IDE tool). */
export const CodeReview = z.object({
  ...authored,
  verdict: z.enum(["approve", "request_changes"]),
  issues: z.array(Issue).max(ITEMS.some).default([]),
  suggestions: z.array(z.string().max(MAX.text)).max(ITEMS.some).default([]),
});
export type CodeReview = z.infer<typeof CodeReview>;

export const WORK_OUTPUTS = { Plan, CodeBundle, TestSuite, DocBundle, DeploymentPlan, SignOff, CodeReview } as const;
export type WorkOutputName = keyof typeof WORK_OUTPUTS;
