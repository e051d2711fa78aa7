import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { QualityRecord } from "@flotilla/contracts";
import { createKnowledgeStore, type KnowledgePoint, type KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { leaderboardReport, loadBallots, loadQualityRecords, renderLeaderboard } from "../src/index.ts";
import { record, rowOf, scored, usage } from "./helpers.ts";

const logger = createLogger({ name: "quality-test", level: "silent" });
let knowledge: KnowledgeStore;

beforeAll(async () => {
  knowledge = createKnowledgeStore({ url: inject("qdrantUrl"), logger });
  await knowledge.ensureCollections(["quality_metrics", "team_votes"]);
});

/** The collections are shared with other test files: everything here carries a unique task type and model names. */
function unique() {
  const id = randomUUID().slice(0, 8);
  return { taskType: `feature/lang-${id}`, role: `role-${id}`, x: `x-${id}`, y: `y-${id}` };
}

async function store(records: QualityRecord[]): Promise<void> {
  const points = records.map((payload) => ({ id: randomUUID(), text: `${payload.source} ${payload.model}`, payload }));
  await knowledge.upsert("quality_metrics", points);
}

describe("records in the knowledge store", () => {
  it("leaderboardReport ranks what was written, with the same figures", async () => {
    const u = unique();
    const at = { task_type: u.taskType, role: u.role };
    await store([
      ...scored(u.x, 0, 5, at),
      ...scored(u.y, 1, 5, at),
      usage(u.x, 1000, 200, at),
      usage(u.y, 2000, 400, at),
      record({ ...at, model: u.y, source: "vote", evidence: { approval_ratio: 0.8 } }),
    ]);
    // Not a valid record: skipped, not a failure.
    await knowledge.upsert("quality_metrics", [
      { id: randomUUID(), text: "junk", payload: { ...at, kind: "quality", model: u.x } },
    ]);

    const report = await leaderboardReport(knowledge, { task_type: u.taskType, role: u.role });
    expect(report.records).toBe(13);
    expect(report.rows.map((r) => [r.model, r.rank, r.quality.n, r.records])).toEqual([
      [u.y, 1, 5, 7],
      [u.x, 2, 5, 6],
    ]);
    const y = rowOf(report.rows, u.y);
    expect(y.quality.mean).toBeCloseTo(6 / 7, 10);
    expect(y.latency_ms).toBe(2000);
    expect(y.approval).toBe(0.8);
    expect(y.dimensions.efficiency.mean).toBeCloseTo(0.5, 10);
    expect(rowOf(report.rows, u.x).dimensions.efficiency.mean).toBe(1);

    // By kind the same rows come back; filtering by model keeps its rank among all.
    const byKind = await leaderboardReport(knowledge, { task_type: "feature", role: u.role });
    expect(byKind.rows.map((r) => r.model)).toEqual([u.y, u.x]);
    const onlyX = await leaderboardReport(knowledge, { role: u.role, model: u.x });
    expect(onlyX.rows.map((r) => [r.model, r.rank])).toEqual([[u.x, 2]]);

    const text = renderLeaderboard(report);
    expect(text).toContain(`${u.taskType} · ${u.role}`);
    expect(text).toMatch(new RegExp(`1\\s+openai/${u.y}\\s+development\\s+5\\s+0\\.86 \\[0\\.65–1\\.00\\]`));
  });

  it("loadQualityRecords returns the records as written", async () => {
    const u = unique();
    const written = scored(u.x, 0.5, 2, { task_type: u.taskType });
    await store(written);
    const read = await loadQualityRecords(knowledge, { task_type: u.taskType });
    expect(read.sort((a, b) => a.task_id.localeCompare(b.task_id))).toEqual(
      written.sort((a, b) => a.task_id.localeCompare(b.task_id)),
    );
  });

  it("loadBallots and the report's agreement read team_votes", async () => {
    const u = unique();
    const voteIds = Array.from({ length: 10 }, () => randomUUID());
    const ballots: KnowledgePoint[] = voteIds.flatMap((vote_id, i) =>
      [u.x, u.y].map((model) => ({
        id: randomUUID(),
        text: "ballot",
        payload: {
          kind: "ballot",
          vote_id,
          team: "devops",
          provider: "openai",
          model,
          vote: i < 9 ? "approve" : "reject",
        },
      })),
    );
    ballots.push({
      id: randomUUID(),
      text: "bad",
      payload: { kind: "ballot", vote_id: voteIds[0]!, team: "devops", vote: "maybe" },
    });
    await knowledge.upsert("team_votes", ballots);

    const read = await loadBallots(knowledge, { vote_id: voteIds });
    expect(read).toHaveLength(20);
    const report = await leaderboardReport(knowledge, { team: "devops", task_type: u.taskType });
    const pair = report.agreement.find((p) => p.a === `openai/${u.x}` && p.b === `openai/${u.y}`);
    expect(pair).toMatchObject({ votes: 10, agreed: 10, rate: 1, redundant: true });
    expect(report.ballots).toBeGreaterThanOrEqual(20);
    expect(renderLeaderboard(report)).toMatch(
      new RegExp(`openai/${u.x}\\s+openai/${u.y}\\s+10\\s+10\\s+1\\.00\\s+REDUNDANT`),
    );
  });
});
