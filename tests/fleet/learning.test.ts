import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { QualityRecord, type ModelChoice } from "@flotilla/contracts";
import { buildLeaderboard, chooseModel, recordScore, seededRandom } from "@flotilla/quality";
import type { Outcome } from "@flotilla/cli";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { fakeOpenAIProvider } from "../support/fake-providers.ts";
import { createRepo, TASK, typescriptProject } from "../support/sample-repos.ts";

// Every agent runs on the openai SDK against one local fake server. Development's lead developer
// may be served by two models of it: model-x writes a median that passes its own test and fails
// QA's (unsorted input), model-y writes the right one. The fleet measures both in the sandbox,
// ranks them, and then picks between them by MODEL_SELECTION_STRATEGY.
const X = "model-x";
const Y = "model-y";
const TYPE = "feature/typescript";
const ROLE = "lead developer";
const LESSON_MARK = "empty-name greeting";

const reposRoot = mkdtempSync(join(tmpdir(), "flotilla-learning-"));
const repo = join(reposRoot, "ts-app");
let fleet: Fleet;
let client: Client;
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;

beforeAll(async () => {
  createRepo(repo, typescriptProject);
  openai = await fakeOpenAIProvider((schemaName, prompt, caller) => {
    // Lesson scenario: documentation's first attempt at task 1 is rejected by every voter.
    if (schemaName === "Ballot" && caller.team === "documentation" && /lesson one/.test(prompt))
      return /Candidate \(attempt 1\)/.test(prompt)
        ? {
            vote: "reject",
            confidence: 0.9,
            rationale: `The guide never says what the ${LESSON_MARK} does with an empty name`,
            suggested_improvements: ["document the empty-name error"],
          }
        : undefined;
    if (!/^tsconfig\.json$/m.test(prompt)) return undefined;
    if (schemaName === "CodeBundle" && caller.team === "development")
      return {
        summary: `median by ${caller.model}`,
        language: "typescript",
        changes: typescriptProject.changes(caller.model === Y),
      };
    if (schemaName === "TestSuite")
      return {
        summary: "median on unsorted input",
        tests: typescriptProject.qaTests,
        strategy: "unsorted input",
        // QA's one test checks every criterion it was given.
        covers: criteriaIn(prompt).map((criterion) => ({ criterion, tests: ["median of unsorted values"] })),
      };
    return undefined;
  });
  fleet = await startFleet({
    env: {
      FLOTILLA_PROVIDER: "auto",
      OPENAI_API_KEY: "sk-test-learning-5e6f7a",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OLLAMA_BASE_URL: "",
      FLOTILLA_REPOS: reposRoot,
      // Wrong code is not sent back: each task measures one model once, and ends.
      FEEDBACK_MAX_ROUNDS: "0",
    },
  });
  client = await fleet.mcpClient();
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await openai?.close();
  rmSync(reposRoot, { recursive: true, force: true });
});

/** The acceptance criteria a QA prompt lists. */
const criteriaIn = (prompt: string) =>
  [...(/Acceptance criteria:\n((?:- .*\n?)+)/.exec(prompt)?.[1] ?? "").matchAll(/^- (.+)$/gm)].map(([, c = ""]) => c);

/** Restarts development with these variables (a model, candidates, a strategy). */
async function development(env: Record<string, string>): Promise<void> {
  await fleet.kill("development");
  await fleet.startTeam("development", "development", env);
}

const median = (id: number) => runTask(fleet, `${TASK} (${id})`, 240_000, { path: repo });
const authorChoice = (o: Outcome): ModelChoice | undefined =>
  o.packets.find((p) => p.id === "development-1")?.model_choices.find((c) => c.agent === "openai_coder");

/** Development's quality records of the lead developer on this task type, as Qdrant holds them. */
async function records(): Promise<QualityRecord[]> {
  const points = await fleet.knowledge.list("quality_metrics", { team: "development", task_type: TYPE, role: ROLE });
  return points.map((p) => QualityRecord.parse(p.payload));
}

async function tool(name: string, args: Record<string, unknown>) {
  const res = await client.callTool({ name, arguments: args });
  expect(res.isError, JSON.stringify(res.content)).not.toBe(true);
  const text = (res.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
  return { text, data: res.structuredContent as Record<string, unknown> };
}

describe("quality that learns", () => {
  it("writes a lesson when task 1's first attempt is rejected, and cites it in task 2's prompt", async () => {
    const first = await runTask(fleet, "Add a greeting helper that greets by name (lesson one)", 120_000);
    expect(first.teams.find((t) => t.team === "documentation")?.vote.attempts).toBe(2);
    const lessons = await fleet.knowledge.list("learning_patterns", { team: "documentation", trigger: "vote_failed" });
    expect(lessons.map((l) => l.payload.went_wrong).join("\n")).toContain(LESSON_MARK);

    const drafts = () =>
      openai.requests
        .map(
          (r) => r.body as { messages: Array<{ content: string }>; response_format: { json_schema: { name: string } } },
        )
        .filter((body) => body.response_format.json_schema.name === "DocBundle")
        .map((body) => body.messages.map((m) => m.content).join("\n"));
    const before = drafts().length;
    await runTask(fleet, "Add a greeting helper that greets by name (lesson two)", 120_000);
    // The documentation author's draft of task 2, as the provider server received it (tasks ran one by one).
    const prompts = drafts().slice(before);
    expect(prompts.length).toBeGreaterThan(0);
    // Cited like other context: numbered, with its collection, and what went wrong.
    expect(prompts[0]).toMatch(/\[K\d+\] learning_patterns · lesson:vote_failed › documentation › document/);
    expect(prompts[0]).toContain(LESSON_MARK);
  }, 300_000);

  it("ranks the model whose code passes the sandboxed tests above the one whose code fails them", async () => {
    await development({ FLOTILLA_DEVELOPMENT_OPENAI_CODER_MODEL: `openai/${X}` });
    const xs = await Promise.all([1, 2, 3, 4, 5].map(median));
    await development({ FLOTILLA_DEVELOPMENT_OPENAI_CODER_MODEL: `openai/${Y}` });
    const ys = await Promise.all([6, 7, 8, 9, 10].map(median));
    for (const o of xs) expect(o.packets.find((p) => p.id === "qa-1")?.runs[0]).toMatchObject({ verdict: "fail" });
    for (const o of ys) expect(o.packets.find((p) => p.id === "qa-1")?.runs[0]).toMatchObject({ verdict: "pass" });

    // The sandbox measured both: QA's tests on five tasks each, failing for X and passing for Y.
    const stored = await records();
    const tests = (model: string) => stored.filter((r) => r.model === model && r.source === "tests");
    expect(tests(X)).toHaveLength(5);
    expect(tests(Y)).toHaveLength(5);
    for (const r of tests(X)) expect(r.dimensions.correctness?.value).toBeLessThan(1);
    for (const r of tests(Y))
      expect(r.dimensions).toMatchObject({ correctness: { value: 1 }, completeness: { value: 1 } });

    // The leaderboard over MCP: Y first, with counts and intervals equal to the points in Qdrant.
    const { data, text } = await tool("leaderboard", { task_type: TYPE, role: ROLE, team: "development" });
    const rows = data.rows as Array<{
      model: string;
      rank: number;
      records: number;
      quality: { n: number; mean: number; low: number; high: number };
    }>;
    const rowOf = (model: string) => rows.find((r) => r.model === model)!;
    expect(rowOf(Y).rank).toBe(1);
    expect(rowOf(X).rank).toBe(2);
    expect(rowOf(Y).quality.low).toBeGreaterThan(rowOf(X).quality.low);
    for (const model of [X, Y]) {
      const mine = stored.filter((r) => r.model === model);
      const scores = mine.map(recordScore).filter((s): s is number => s !== null);
      expect(rowOf(model).records).toBe(mine.length);
      expect(rowOf(model).quality.n).toBe(scores.length);
      expect(rowOf(model).quality.mean).toBeCloseTo((1 + scores.reduce((a, b) => a + b, 0)) / (2 + scores.length), 6);
    }
    expect(text.indexOf(Y)).toBeLessThan(text.indexOf(X));
    console.log(`leaderboard for ${TYPE}, ${ROLE}:\n${text}`);

    // search_votes and search_ratings find exactly the points Qdrant holds for a task.
    const task = ys[0]!.task_id;
    const votes = await tool("search_votes", { task_id: task, limit: 100 });
    expect((votes.data.ballots as unknown[]).length).toBe(await fleet.knowledge.count("team_votes", { task_id: task }));
    const ratings = await tool("search_ratings", { task_id: task, to_team: "development", limit: 100 });
    expect((ratings.data.ratings as unknown[]).length).toBe(
      await fleet.knowledge.count("cross_team_ratings", { task_id: task, to_team: "development" }),
    );
  }, 600_000);

  it("serves the next task by the better model under quality_first, and says why", async () => {
    await development({
      FLOTILLA_DEVELOPMENT_OPENAI_CODER_MODEL: `openai/${X}`,
      FLOTILLA_DEVELOPMENT_OPENAI_CODER_CANDIDATES: `openai/${X},openai/${Y}`,
      MODEL_SELECTION_STRATEGY: "quality_first",
    });
    const o = await median(11);
    const choice = authorChoice(o);
    expect(choice).toMatchObject({ model: Y, strategy: "quality_first", task_type: TYPE });
    expect(choice?.reason).toMatch(new RegExp(`quality_first: .*${Y}.*${X}`));
    expect(choice?.candidates.map((c) => c.n).every((n) => n >= 5)).toBe(true);
    // Y's code went to the provider: the fake server saw the request for model-y.
    const asked = openai.requests.filter(
      (r) => (r.body as { model: string }).model === Y && JSON.stringify(r.body).includes(`${TASK} (11)`),
    );
    expect(asked.length).toBeGreaterThan(0);
    // task_status shows the choice and its reason.
    const status = await tool("task_status", { task_id: o.task_id });
    expect(status.text).toContain(`openai_coder (${ROLE}) on openai/${Y} — quality_first:`);
  }, 300_000);

  it("still tries the weaker model under explore, at a measured rate", async () => {
    // The selection the team runs, on the records it reads: 4000 draws.
    const rows = buildLeaderboard(await records(), { task_type: TYPE, team: "development" }).filter(
      (r) => r.role === ROLE,
    );
    const random = seededRandom(11);
    const candidates = [X, Y].map((model) => ({ provider: "openai", model }));
    let picked = 0;
    const draws = 4_000;
    for (let i = 0; i < draws; i++)
      if (
        chooseModel({ strategy: "explore", candidates, rows, rng: random, exploreRate: 0.2, taskType: TYPE }).chosen
          .model === X
      )
        picked++;
    console.log(`explore: ${X} chosen ${picked} of ${draws} times (${((100 * picked) / draws).toFixed(1)} %)`);
    expect(picked / draws).toBeGreaterThan(0.07);
    expect(picked / draws).toBeLessThan(0.35);

    // The fleet under explore records each choice as an exploration, with its draw.
    await development({
      FLOTILLA_DEVELOPMENT_OPENAI_CODER_MODEL: `openai/${X}`,
      FLOTILLA_DEVELOPMENT_OPENAI_CODER_CANDIDATES: `openai/${X},openai/${Y}`,
      MODEL_SELECTION_STRATEGY: "explore",
    });
    const chosen: string[] = [];
    for (const id of [12, 13, 14]) {
      const choice = authorChoice(await median(id));
      expect(choice?.strategy).toBe("explore");
      expect(choice?.reason).toMatch(/^explore: /);
      chosen.push(choice!.model);
    }
    console.log(`explore in the fleet: ${chosen.join(", ")}`);
  }, 300_000);
});
