import { z } from "zod";
import { message } from "../envelope.ts";
import { ObjectRef, WorkflowContext } from "../common.ts";
import { resultFields } from "./development.ts";
import { ITEMS, MAX } from "../limits.ts";

export const DocumentationRequest = message({
  task_id: z.uuid(),
  documentation_type: z.enum(["api", "architecture", "user_guide", "release_notes"]).default("api"),
  source_artifacts: z.object({
    code_locations: z.array(ObjectRef).min(1).max(ITEMS.some),
    report_locations: z.array(ObjectRef).max(ITEMS.some).default([]),
    context_location: z
      .object({ qdrant_collection: z.string().max(MAX.id), point_ids: z.array(z.uuid()).max(ITEMS.some) })
      .optional(),
  }),
  requirements: z.object({
    format: z.enum(["markdown", "html", "pdf"]).default("markdown"),
    audience: z.enum(["developer", "user", "operator"]).default("developer"),
    sections_required: z.array(z.string().max(MAX.line)).max(ITEMS.some).default([]),
  }),
  workflow: WorkflowContext,
});
export type DocumentationRequest = z.infer<typeof DocumentationRequest>;

export const DocumentationComplete = message({
  ...resultFields,
  artifacts: z.object({
    documentation_location: ObjectRef,
    formats_available: z.array(z.enum(["markdown", "html", "pdf"])).max(3),
    diagrams: z
      .array(z.object({ type: z.enum(["architecture", "sequence", "flow"]), location: ObjectRef }))
      .max(ITEMS.few),
  }),
  metadata: z.object({
    word_count: z.number().int().min(0),
    readability_score: z.number().optional(),
    completeness_score: z.number().optional(),
  }),
});
export type DocumentationComplete = z.infer<typeof DocumentationComplete>;
