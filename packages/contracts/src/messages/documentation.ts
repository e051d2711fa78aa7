import { z } from "zod";
import { message } from "../envelope.ts";
import { ObjectRef, WorkflowContext } from "../common.ts";
import { resultFields } from "./development.ts";

export const DocumentationRequest = message({
  task_id: z.uuid(),
  documentation_type: z.enum(["api", "architecture", "user_guide", "release_notes"]).default("api"),
  source_artifacts: z.object({
    code_locations: z.array(ObjectRef).min(1),
    report_locations: z.array(ObjectRef).default([]),
    context_location: z.object({ qdrant_collection: z.string(), point_ids: z.array(z.uuid()) }).optional(),
  }),
  requirements: z.object({
    format: z.enum(["markdown", "html", "pdf"]).default("markdown"),
    audience: z.enum(["developer", "user", "operator"]).default("developer"),
    sections_required: z.array(z.string()).default([]),
  }),
  workflow: WorkflowContext,
});
export type DocumentationRequest = z.infer<typeof DocumentationRequest>;

export const DocumentationComplete = message({
  ...resultFields,
  artifacts: z.object({
    documentation_location: ObjectRef,
    formats_available: z.array(z.enum(["markdown", "html", "pdf"])),
    diagrams: z.array(z.object({ type: z.enum(["architecture", "sequence", "flow"]), location: ObjectRef })),
  }),
  metadata: z.object({
    word_count: z.number().int().min(0),
    readability_score: z.number().optional(),
    completeness_score: z.number().optional(),
  }),
});
export type DocumentationComplete = z.infer<typeof DocumentationComplete>;
