import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { Lesson } from "@flotilla/contracts";
import { createKnowledgeStore, type KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { lessonsFromStep, retrieveLessons, writeLesson, type StepFacts } from "../src/lessons/index.ts";
import { contextPrompt } from "../src/retrieval.ts";

const logger = createLogger({ name: "lessons-test", level: "silent" });
let knowledge: KnowledgeStore;

beforeAll(async () => {
  knowledge = createKnowledgeStore({ url: inject("qdrantUrl"), logger });
  await knowledge.ensureCollections(["learning_patterns", "agent_memory"]);
});

/** A clean step: drafted, passed, accepted at once. */
const facts = (over: Partial<StepFacts> = {}): StepFacts => ({
  team: "development",
  step: "implement",
  role: "coder",
  agent: "openai_coder",
  provider: "openai",
  model: "gpt-test",
  taskId: randomUUID(),
  taskType: "feature/typescript",
  language: "typescript",
  round: 1,
  feedback: [],
  feedbackFromBugs: false,
  fixes: [],
  fixedAfterFixes: false,
  attempts: [{ consensus: true, rejections: [] }],
  finalSummary: "validated the email field before saving",
  voteAccepted: true,
  ...over,
});

describe("lessonsFromStep", () => {
  it("learns nothing from a clean step", () => {
    expect(lessonsFromStep(facts())).toEqual([]);
  });

  it("learns from a re-done round: rejected or bugs_found, resolved by the accepted vote", () => {
    const [rejected] = lessonsFromStep(facts({ round: 2, feedback: ["no input validation"] }));
    expect(rejected).toMatchObject({
      trigger: "rejected",
      went_wrong: "no input validation",
      fixed_by: "validated the email field before saving",
      resolved: true,
      tags: ["development", "coder", "implement", "feature/typescript", "rejected", "typescript"],
    });
    const [bugs] = lessonsFromStep(
      facts({ round: 3, feedback: ["test_login fails"], feedbackFromBugs: true, voteAccepted: false }),
    );
    expect(bugs).toMatchObject({
      trigger: "bugs_found",
      resolved: false,
      fixed_by: expect.stringMatching(/^not fixed: /),
    });
    expect(lessonsFromStep(facts({ round: 1, feedback: ["ignored in round 1"] }))).toEqual([]);
  });

  it("learns from failed sandbox runs, each failure kept within the limit", () => {
    const long = `${"x".repeat(2_000)}👍🏽`;
    const [lesson] = lessonsFromStep(
      facts({ fixes: [{ failure: long }, { failure: "TypeError in save()" }], fixedAfterFixes: true }),
    );
    expect(lesson).toMatchObject({ trigger: "validation_failed", resolved: true });
    expect(lesson!.went_wrong.length).toBeLessThanOrEqual(1_500);
    expect(lesson!.went_wrong).toContain("TypeError in save()");
    const [unfixed] = lessonsFromStep(facts({ fixes: [{ failure: "tsc: 3 errors" }] }));
    expect(unfixed).toMatchObject({ resolved: false, fixed_by: "not fixed: still failing after 1 fix round(s)" });
  });

  it("learns from a first vote without consensus: the rejections and what a later attempt fixed", () => {
    const rejections = [{ agent: "groq_llama", rationale: "no error handling", suggestions: ["wrap the fetch"] }];
    const [fixed] = lessonsFromStep(
      facts({
        attempts: [
          { consensus: false, rejections },
          { consensus: true, rejections: [] },
        ],
      }),
    );
    expect(fixed).toMatchObject({
      trigger: "vote_failed",
      resolved: true,
      went_wrong: "no error handling (suggested: wrap the fetch)",
    });
    const [unfixed] = lessonsFromStep(facts({ attempts: [{ consensus: false, rejections }], voteAccepted: false }));
    expect(unfixed).toMatchObject({ resolved: false, fixed_by: "not fixed: no consensus after 1 attempt(s)" });
  });

  it("learns each trouble of one step", () => {
    const many = facts({
      round: 2,
      feedback: ["f"],
      fixes: [{ failure: "x" }],
      attempts: [{ consensus: false, rejections: [] }],
    });
    expect(lessonsFromStep(many).map((l) => l.trigger)).toEqual(["rejected", "validation_failed", "vote_failed"]);
  });
});

describe("writeLesson and retrieveLessons (real Qdrant)", () => {
  // Words no other test writes, so BM25 finds these lessons first in the shared collections.
  const nonce = `zq${randomUUID().slice(0, 8)}`;
  const rejectedWith = (feedback: string, finalSummary: string, taskId = randomUUID()) => {
    const f = facts({ taskId, round: 2, feedback: [feedback], finalSummary });
    return { ...lessonsFromStep(f)[0]!, round: f.round };
  };
  const lessonsOf = async (collection: string, taskIds: string[]) =>
    (await knowledge.list(collection, { kind: "lesson", task_ids: taskIds })).map((r) => ({
      id: r.id,
      ...Lesson.parse(r.payload),
    }));

  it("merges near-duplicates, keeps a different lesson apart, ignores a re-delivery, copies to agent_memory", async () => {
    const first = rejectedWith(
      `the ${nonce} login handler returns 500 when the password field is empty`,
      "checked the empty password",
    );
    const again = rejectedWith(
      `the ${nonce} login handler returns 500 when the password field is blank`,
      "rejected blank passwords",
    );
    const other = rejectedWith(`${nonce} docs missing for the export endpoint parameters`, "documented the parameters");

    const written = await writeLesson(knowledge, first);
    expect(written.map((w) => [w.collection, w.merged])).toEqual([
      ["learning_patterns", false],
      ["agent_memory", false],
    ]);
    const merged = await writeLesson(knowledge, again);
    expect(merged.map((w) => w.id)).toEqual(written.map((w) => w.id));
    expect(merged.every((w) => w.merged)).toBe(true);
    const apart = await writeLesson(knowledge, other);
    expect(apart[0]!.id).not.toBe(written[0]!.id);
    expect(await writeLesson(knowledge, again)).toEqual(merged); // re-delivered: no third occurrence

    const ids = [first.task_id, again.task_id, other.task_id];
    for (const collection of ["learning_patterns", "agent_memory"]) {
      const stored = await lessonsOf(collection, ids);
      expect(stored).toHaveLength(2);
      const one = stored.find((l) => l.id === written.find((w) => w.collection === collection)!.id)!;
      expect(one).toMatchObject({
        occurrences: 2,
        task_ids: [first.task_id, again.task_id],
        fixed_by: "rejected blank passwords",
      });
      expect(stored.find((l) => l.id !== one.id)).toMatchObject({ occurrences: 1, task_ids: [other.task_id] });
    }
    expect((await lessonsOf("agent_memory", ids)).every((l) => l.agent === "openai_coder")).toBe(true);
  });

  it("brings a lesson into a similar task's prompt, cited, but not back into its own task", async () => {
    const mine = rejectedWith(
      `${nonce} retry loop never backs off when the ${nonce}api answers 429`,
      "added exponential backoff",
    );
    await writeLesson(knowledge, mine);
    const query = `Add a client for the ${nonce}api that retries on 429 with ${nonce} backoff`;
    const q = { query, team: "development", agent: "openai_coder" };

    const refs = await retrieveLessons({ knowledge, logger }, { ...q, taskId: randomUUID() });
    const ref = refs.find((r) => r.excerpt.includes("retry loop never backs off"));
    expect(ref).toMatchObject({
      collection: "learning_patterns",
      source: "lesson:rejected",
      heading_path: ["development", "implement", "feature/typescript"],
      excerpt: expect.stringMatching(/^went wrong: .* — fixed by: added exponential backoff \(seen 1×\)$/),
    });
    // The agent's own copy says the same thing: cited once.
    expect(refs.filter((r) => r.excerpt === ref!.excerpt)).toHaveLength(1);
    expect(contextPrompt(refs)).toMatch(/\[K\d\] learning_patterns · lesson:rejected › development › implement/);

    const own = await retrieveLessons({ knowledge, logger }, { ...q, taskId: mine.task_id });
    expect(own.some((r) => r.excerpt.includes("retry loop never backs off"))).toBe(false);
  });

  it("skips a collection it cannot search, saying so at debug", async () => {
    const failing: Pick<KnowledgeStore, "search"> = {
      search: async (collection, query, opts) => {
        if (collection === "agent_memory") throw new Error("agent_memory is down");
        return knowledge.search(collection, query, opts);
      },
    };
    const debug: unknown[] = [];
    const refs = await retrieveLessons(
      { knowledge: failing, logger: { debug: (fields: unknown) => debug.push(fields) } },
      { query: `${nonce} login password`, team: "development", agent: "openai_coder", taskId: randomUUID() },
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.collection === "learning_patterns")).toBe(true);
    expect(debug).toEqual([expect.objectContaining({ collection: "agent_memory", err: "agent_memory is down" })]);
  });
});
