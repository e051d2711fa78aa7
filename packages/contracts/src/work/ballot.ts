import { z } from "zod";
import { Issue, Score } from "../common.ts";

/** What one agent answers when its team votes on a candidate (SPEC §6). */
export const Ballot = z.object({
  vote: z.enum(["approve", "reject", "abstain"]),
  confidence: Score,
  rationale: z.string(),
  suggested_improvements: z.array(z.string()).default([]),
});
export type Ballot = z.infer<typeof Ballot>;

/** What one agent answers when rating work received from another team (SPEC §7). */
export const Rating = z.object({
  approved: z.boolean(),
  ratings: z.object({
    quality: Score,
    completeness: Score,
    usability: Score,
    documentation: Score,
    overall: Score,
  }),
  feedback: z.string(),
  issues_found: z.array(Issue.pick({ severity: true, description: true })).default([]),
});
export type Rating = z.infer<typeof Rating>;
