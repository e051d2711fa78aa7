import { z } from "zod";
import { Issue, Score } from "../common.ts";
import { ITEMS, MAX } from "../limits.ts";

/** What one agent answers when its team votes on a candidate (SPEC §6). */
export const Ballot = z.object({
  vote: z.enum(["approve", "reject", "abstain"]),
  confidence: Score,
  rationale: z.string().max(MAX.text),
  suggested_improvements: z.array(z.string().max(MAX.text)).max(ITEMS.few).default([]),
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
  feedback: z.string().max(MAX.text),
  issues_found: z
    .array(Issue.pick({ severity: true, description: true }))
    .max(ITEMS.few)
    .default([]),
});
export type Rating = z.infer<typeof Rating>;
