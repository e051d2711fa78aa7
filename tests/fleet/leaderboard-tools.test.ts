import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { QualityRecord } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { CAREFUL, FAST, qualityPoints, TASKS, TYPE, voteAndRatingPoints } from "../support/quality-records.ts";

let fleet: Fleet;
let client: Client;

beforeAll(async () => {
  fleet = await startFleet({ teams: ["leadership"] });
  // The leadership instance created the collections on start.
  const { ballots, ratings } = voteAndRatingPoints();
  await fleet.knowledge.upsert("quality_metrics", qualityPoints());
  await fleet.knowledge.upsert("team_votes", ballots);
  await fleet.knowledge.upsert("cross_team_ratings", ratings);
  client = await fleet.mcpClient();
}, 180_000);
afterAll(async () => fleet?.stop());

async function call(name: string, args: Record<string, unknown> = {}) {
  const res = await client.callTool({ name, arguments: args });
  const text = (res.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
  return { isError: res.isError === true, text, sc: res.structuredContent as Record<string, unknown> };
}

interface Row {
  model: string;
  provider: string;
  tasks: number;
  records: number;
  rank: number;
  quality: { n: number; mean: number; low: number; high: number };
  dimensions: Record<string, { mean: number | null; n: number }>;
  latency_ms: number | null;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("leadership's leaderboard, search_votes and search_ratings", () => {
  it("leaderboard: counts, means and ranks are those of the points in quality_metrics", async () => {
    const { sc, text, isError } = await call("leaderboard", { task_type: TYPE });
    expect(isError).toBe(false);
    const rows = sc.rows as Row[];
    const stored = (await fleet.knowledge.list("quality_metrics", { task_type: TYPE })).map((p) =>
      QualityRecord.parse(p.payload),
    );
    expect(sc.records).toBe(stored.length);
    expect(rows.map((r) => r.model)).toEqual([CAREFUL.model, FAST.model]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
    for (const row of rows) {
      const own = stored.filter((r) => r.model === row.model);
      const correctness = own.flatMap((r) =>
        r.dimensions.correctness?.value == null ? [] : [r.dimensions.correctness.value],
      );
      const latency = own.flatMap((r) => (typeof r.evidence.latency_ms === "number" ? [r.evidence.latency_ms] : []));
      expect(row.records).toBe(own.length);
      expect(row.tasks).toBe(new Set(own.map((r) => r.task_id)).size);
      // The fixture's scored records carry correctness alone, so each record's score is its correctness.
      expect(row.quality.n).toBe(correctness.length);
      expect(row.quality.mean).toBeCloseTo((1 + correctness.reduce((s, x) => s + x, 0)) / (2 + correctness.length), 10);
      expect(row.quality.low).toBeLessThanOrEqual(row.quality.mean);
      expect(row.quality.high).toBeGreaterThanOrEqual(row.quality.mean);
      expect(row.dimensions.correctness).toMatchObject({
        mean: expect.closeTo(mean(correctness), 10),
        n: correctness.length,
      });
      expect(row.latency_ms).toBe(latency[0]);
    }
    // The fastest model of the work is the efficient one; the other is compared with it.
    const [careful, fast] = rows;
    expect(fast!.dimensions.efficiency!.mean).toBe(1);
    expect(careful!.dimensions.efficiency!.mean).toBeCloseTo(mean([1_000 / 4_000, 800 / 3_200]), 10);
    expect(sc.ballots).toBe(await fleet.knowledge.count("team_votes"));
    expect(text.indexOf(CAREFUL.model)).toBeLessThan(text.indexOf(FAST.model));
    expect(text).toContain(TYPE);
  });

  it("leaderboard: filters by model and team, and an empty board is no error", async () => {
    const one = await call("leaderboard", { task_type: TYPE, model: `${FAST.provider}/${FAST.model}` });
    expect((one.sc.rows as Row[]).map((r) => [r.model, r.rank])).toEqual([[FAST.model, 2]]);
    const none = await call("leaderboard", { task_type: "security/rust" });
    expect(none.isError).toBe(false);
    expect(none.sc).toMatchObject({ rows: [], records: 0 });
    expect(none.text).toMatch(/no quality records yet/);
  });

  it("search_votes: exactly the ballots a filter matches, newest first; a query finds a word of a rationale", async () => {
    const all = await fleet.knowledge.list("team_votes", {});
    const ids = (where: (p: Record<string, unknown>) => boolean) =>
      all
        .filter((p) => where(p.payload))
        .map((p) => p.id)
        .sort();
    const idsOf = (sc: Record<string, unknown>) => (sc.ballots as Array<{ id: string }>).map((b) => b.id).sort();

    const rejections = await call("search_votes", { team: "development", vote: "reject" });
    expect(idsOf(rejections.sc)).toEqual(ids((p) => p.team === "development" && p.vote === "reject"));
    expect(rejections.sc.total).toBe(1);
    const byModel = await call("search_votes", { model: FAST.model });
    expect(idsOf(byModel.sc)).toEqual(ids((p) => p.model === FAST.model));
    const ofTask = await call("search_votes", { task_id: TASKS[0] });
    expect(idsOf(ofTask.sc)).toEqual(ids((p) => p.task_id === TASKS[0]));

    const newest = await call("search_votes", { limit: 2 });
    const stamps = all
      .map((p) => String(p.payload.timestamp))
      .sort()
      .reverse();
    expect((newest.sc.ballots as Array<{ timestamp: string }>).map((b) => b.timestamp)).toEqual(stamps.slice(0, 2));
    expect(newest.sc.total).toBe(all.length);

    const found = await call("search_votes", { query: "quokka" });
    const [hit] = found.sc.ballots as Array<{ rationale: string; score: number; model: string; vote: string }>;
    expect(hit).toMatchObject({ model: CAREFUL.model, vote: "reject", rationale: expect.stringContaining("quokka") });
    expect(hit!.score).toBeGreaterThan(0);
    expect(found.text).toMatch(/quokka/);

    const nothing = await call("search_votes", { task_id: "00000000-0000-4000-8000-000000000000" });
    expect(nothing).toMatchObject({ isError: false, sc: { ballots: [], total: 0 } });
  });

  it("search_ratings: exactly the ratings a filter matches; a query finds a word of the feedback", async () => {
    const all = await fleet.knowledge.list("cross_team_ratings", {});
    const ids = (where: (p: Record<string, unknown>) => boolean) =>
      all
        .filter((p) => where(p.payload))
        .map((p) => p.id)
        .sort();
    const idsOf = (sc: Record<string, unknown>) => (sc.ratings as Array<{ id: string }>).map((r) => r.id).sort();

    const rejected = await call("search_ratings", { to_team: "development", approved: false });
    expect(idsOf(rejected.sc)).toEqual(ids((p) => p.to_team === "development" && p.approved === false));
    expect(rejected.sc.total).toBe(1);
    const ofModel = await call("search_ratings", { model: CAREFUL.model, from_team: "qa" });
    expect(idsOf(ofModel.sc)).toEqual(ids((p) => p.model === CAREFUL.model && p.from_team === "qa"));
    expect((ofModel.sc.ratings as unknown[]).length).toBeGreaterThan(0);

    const found = await call("search_ratings", { query: "tabs indentation" });
    const [hit] = found.sc.ratings as Array<{ feedback: string; model: string; approved: boolean }>;
    expect(hit).toMatchObject({ model: FAST.model, approved: false, feedback: expect.stringContaining("tabs") });
  });

  it("says that Qdrant failed rather than answer with nothing", async () => {
    await fleet.knowledge.deleteCollection("cross_team_ratings");
    const res = await call("search_ratings", { query: "tabs" });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/search_ratings failed: .*cross_team_ratings/);
  });
});
