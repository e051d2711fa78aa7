import { z } from "zod";
import { Issue, PacketId } from "../common.ts";

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

const SourceFile = z.object({
  path: z
    .string()
    .regex(/^[^/][^\0]*$/)
    .refine((p) => !p.split("/").includes(".."), "no '..' in paths"),
  content: z.string(),
});

export const CodeBundle = z.object({
  ...authored,
  language: z.string(),
  files: z.array(SourceFile).min(1),
  tests: z.array(SourceFile).default([]),
  notes: z.array(z.string()).default([]),
});
export type CodeBundle = z.infer<typeof CodeBundle>;

export const TestReport = z.object({
  ...authored,
  verdict: z.enum(["pass", "fail"]),
  total_tests: z.number().int().min(0),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0).default(0),
  coverage: z.number().min(0).max(100),
  cases: z.array(
    z.object({ name: z.string(), status: z.enum(["passed", "failed", "skipped"]), detail: z.string().default("") }),
  ),
  issues: z.array(Issue).default([]),
});
export type TestReport = z.infer<typeof TestReport>;

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

export const WORK_OUTPUTS = { Plan, CodeBundle, TestReport, DocBundle, DeploymentPlan, SignOff, CodeReview } as const;
export type WorkOutputName = keyof typeof WORK_OUTPUTS;
