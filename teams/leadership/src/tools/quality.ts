import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { QualityDimension, TeamName } from "@flotilla/contracts";
import { leaderboardReport, renderLeaderboard, type LeaderboardReport } from "@flotilla/quality";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";
import { BallotHit, ballotLine, filterOf, findRecords, RatingHit, ratingLine, summary } from "./quality-records.ts";

const Name = z.string().min(1).max(200);
const Limit = z.number().int().min(1).max(100).default(20).describe("most records to return (default 20)");
const Query = z.string().min(1).max(2_000).optional().describe("words to rank by (BM25/hybrid); newest first without");

// The report as structured content. `satisfies` below fails the build when @flotilla/quality adds a field.
const Posterior = z.object({ n: z.number(), mean: z.number(), low: z.number(), high: z.number() });
const Dimension = z.object({ mean: z.number().nullable(), n: z.number(), missing: z.string().optional() });
const Row = z.object({
  task_type: z.string(),
  team: z.string(),
  role: z.string(),
  provider: z.string(),
  model: z.string(),
  agents: z.array(z.string()),
  tasks: z.number(),
  records: z.number(),
  quality: Posterior,
  dimensions: z.record(QualityDimension, Dimension),
  latency_ms: z.number().nullable(),
  tokens: z.number().nullable(),
  approval: z.number().nullable(),
  simulated: z.boolean(),
  rank: z.number(),
});
const Agreement = z.object({
  a: z.string(),
  b: z.string(),
  votes: z.number(),
  agreed: z.number(),
  rate: z.number(),
  redundant: z.boolean(),
  note: z.string().optional(),
});
const Report = { rows: z.array(Row), agreement: z.array(Agreement), records: z.number(), ballots: z.number() };
z.object(Report) satisfies z.ZodType<LeaderboardReport>;

/** leaderboard, search_votes, search_ratings: how each model did, and the ballots and ratings behind it. */
export function registerQualityTools(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "leaderboard",
    {
      title: "Model leaderboard",
      description:
        "Per task type and role, each model ranked by quality with its uncertainty (posterior mean, 90 % interval, " +
        "n scores), the five quality dimensions, latency, tokens and vote approval; then how often models vote " +
        "alike. Computed from Qdrant quality_metrics and team_votes.",
      inputSchema: {
        task_type: Name.optional().describe('a task type ("bugfix/typescript") or a kind ("bugfix")'),
        role: Name.optional().describe('only agents of this role, e.g. "lead developer"'),
        team: TeamName.optional().describe("only work of this team (ranks stay those among every team)"),
        model: Name.optional().describe("only this model: its id or provider/model"),
      },
      outputSchema: Report,
      annotations: { readOnlyHint: true },
    },
    async (filter) => {
      try {
        const report = await leaderboardReport(ctx.knowledge, filter);
        return structured({ ...report }, renderLeaderboard(report));
      } catch (err) {
        return toolError(`leaderboard failed: ${(err as Error).message}`);
      }
    },
  );

  server.registerTool(
    "search_votes",
    {
      title: "Search ballots",
      description:
        "Ballots from Qdrant team_votes, ranked by a query over their rationale and suggested improvements or " +
        "newest first, filtered by task, team, model and vote; with how many match the filter.",
      inputSchema: {
        query: Query,
        task_id: Name.optional(),
        team: TeamName.optional().describe("the voting team"),
        model: Name.optional().describe("the model that cast the ballot"),
        vote: z.enum(["approve", "reject", "abstain"]).optional(),
        limit: Limit,
      },
      outputSchema: { ballots: z.array(BallotHit), total: z.number().int(), skipped: z.number().int() },
      annotations: { readOnlyHint: true },
    },
    async ({ query, limit, ...fields }) => {
      try {
        const found = await findRecords(ctx.knowledge, "team_votes", BallotHit, {
          query,
          filter: filterOf(fields),
          limit,
        });
        const { records: ballots, total, skipped } = found;
        return structured({ ballots, total, skipped }, summary("ballots", found, ballots.map(ballotLine)));
      } catch (err) {
        return toolError(`search_votes failed: ${(err as Error).message}`);
      }
    },
  );

  server.registerTool(
    "search_ratings",
    {
      title: "Search ratings",
      description:
        "Cross-team ratings from Qdrant cross_team_ratings, ranked by a query over their feedback and issues or " +
        "newest first, filtered by task, rating team, rated team, the rated work's model and approval.",
      inputSchema: {
        query: Query,
        task_id: Name.optional(),
        from_team: TeamName.optional().describe("the team that rated"),
        to_team: TeamName.optional().describe("the team whose work was rated"),
        model: Name.optional().describe("the model that produced the rated work"),
        approved: z.boolean().optional(),
        limit: Limit,
      },
      outputSchema: { ratings: z.array(RatingHit), total: z.number().int(), skipped: z.number().int() },
      annotations: { readOnlyHint: true },
    },
    async ({ query, limit, ...fields }) => {
      try {
        const filter = filterOf(fields);
        const found = await findRecords(ctx.knowledge, "cross_team_ratings", RatingHit, { query, filter, limit });
        const { records: ratings, total, skipped } = found;
        return structured({ ratings, total, skipped }, summary("ratings", found, ratings.map(ratingLine)));
      } catch (err) {
        return toolError(`search_ratings failed: ${(err as Error).message}`);
      }
    },
  );
}
