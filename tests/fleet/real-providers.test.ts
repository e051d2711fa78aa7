import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { fakeAnthropicProvider, fakeOpenAIProvider, callerOf } from "../support/fake-providers.ts";
import { everythingWritten } from "../support/secrets.ts";

const OPENAI_KEY = "sk-test-openai-9f8e7d6c5b4a";
const ANTHROPIC_KEY = "sk-ant-test-1a2b3c4d5e6f";
let fleet: Fleet;
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;
let anthropic: Awaited<ReturnType<typeof fakeAnthropicProvider>>;

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([fakeOpenAIProvider(), fakeAnthropicProvider()]);
  fleet = await startFleet({
    env: {
      FLOTILLA_PROVIDER: "auto",
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: `${openai.url}/v1`,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: anthropic.url,
      OLLAMA_BASE_URL: "",
      MODEL_RETRY_BASE_MS: "50",
    },
  });
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await Promise.all([openai?.close(), anthropic?.close()]);
});

describe("a fleet on two real provider SDKs (served by local fake servers)", () => {
  it("completes a task with every ballot attributed to the model that served it, and no key anywhere", async () => {
    const o = await runTask(fleet, "Add a chunk helper", 120_000);
    expect(o.status).toBe("completed");
    expect(o.simulated).toBe(false);
    expect(openai.requests.length).toBeGreaterThan(20);
    expect(anthropic.requests.length).toBeGreaterThan(5);
    expect(openai.requests.every((r) => r.headers.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);

    const ballots = await fleet.knowledge.list("team_votes", { task_id: o.task_id, team: "leadership" });
    const modelOf = (agent: string) =>
      new Set(ballots.filter((b) => b.payload.agent === agent).map((b) => `${b.payload.provider}/${b.payload.model}`));
    expect(modelOf("tech_lead")).toEqual(new Set(["anthropic/claude-opus-4-1"]));
    expect(modelOf("architect")).toEqual(new Set(["openai/gpt-5"]));
    // project_manager is bound to Gemini, which has no key: it falls back to a configured provider taken in
    // turn by its index (the third agent: openai, and openai's third model), so the vote spans models.
    expect(modelOf("project_manager")).toEqual(new Set(["openai/gpt-4.1"]));

    // With two provider keys, every vote of every team has ballots from both providers.
    const votes = new Map<string, Set<unknown>>();
    for (const b of await fleet.knowledge.list("team_votes", { task_id: o.task_id })) {
      const id = String(b.payload.vote_id);
      votes.set(id, (votes.get(id) ?? new Set()).add(b.payload.provider));
    }
    expect(votes.size).toBeGreaterThanOrEqual(6);
    for (const providers of votes.values()) expect([...providers].sort()).toEqual(["anthropic", "openai"]);
    expect(o.quality_flags.join("\n")).not.toMatch(/single-provider vote/);
    expect(o.teams.every((t) => !t.vote.single_provider && t.vote.providers.length === 2)).toBe(true);
    const anthropicCallers = new Set(
      anthropic.requests.map((r) => callerOf((r.body as { system: string }).system).agent),
    );
    expect(anthropicCallers).toContain("tech_lead");
    expect(anthropicCallers).toContain("qa_engineer");

    const written = await everythingWritten(fleet);
    for (const text of written) {
      expect(text).not.toContain(OPENAI_KEY);
      expect(text).not.toContain(ANTHROPIC_KEY);
    }
  });
});
