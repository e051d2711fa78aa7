import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { connectBus, type Bus } from "@flotilla/bus";
import { createKnowledgeStore, type KnowledgeStore } from "@flotilla/knowledge";
import { loadConfig } from "@flotilla/config";
import { createLogger } from "@flotilla/log";
import type { Ballot } from "@flotilla/contracts";
import type { LanguageModel } from "@flotilla/models";
import { runVote, type Agent, type TeamContext } from "@flotilla/team-runtime";

const logger = createLogger({ name: "voting-test", level: "silent" });
let bus: Bus;
let knowledge: KnowledgeStore;

beforeAll(async () => {
  bus = await connectBus({ url: inject("natsUrl"), team: "qa", instanceId: "voting-test", logger });
  await bus.provision();
  knowledge = createKnowledgeStore({ url: inject("qdrantUrl"), logger });
  await knowledge.ensureCollections(["team_votes"]);
});
afterAll(async () => bus?.close());

/** An agent whose ballots are scripted per attempt: the model seam's test double. */
function scripted(name: string, ballots: Ballot[]): Agent {
  const model: LanguageModel = {
    provider: "scripted",
    modelId: name,
    simulated: true,
    async generate(call) {
      const output =
        call.schemaName === "Ballot"
          ? ballots[(call.context.attempt ?? 1) - 1]!
          : { summary: `revision ${call.context.attempt}` };
      return {
        output: output as never,
        usage: { inputTokens: 0, outputTokens: 0 },
        latencyMs: 0,
        retries: 0,
        fallbacks: 0,
      };
    },
  };
  const producer = { team: "qa" as const, agent: name, provider: "scripted", model: name, simulated: true };
  const agent: Agent = {
    spec: { name, role: name, instructions: "", model: { provider: "scripted", model: name } },
    model,
    index: 0,
    producer,
    candidates: [{ provider: "scripted", model: name }],
    usage: { calls: 0, tokens: 0, latencyMs: 0 },
    serving: () => agent,
    ask: (o) =>
      model.generate({
        system: "",
        prompt: o.prompt,
        schema: o.schema,
        schemaName: o.schemaName,
        context: { ...o.context, team: "qa", agent: name, role: name },
      }),
  };
  return agent;
}

const b = (vote: Ballot["vote"], confidence = 0.8): Ballot => ({
  vote,
  confidence,
  rationale: vote,
  suggested_improvements: vote === "reject" ? ["fix it"] : [],
});

function ctx(agents: Agent[], env: Record<string, string> = {}): TeamContext {
  return { team: "qa", instanceId: "t", config: loadConfig(env), bus, knowledge, logger, agents, author: agents[0]! };
}

async function vote(agents: Agent[], env?: Record<string, string>) {
  const coords = { taskId: randomUUID(), team: "qa", step: "test", round: 1 };
  const r = await runVote(ctx(agents, env), {
    coords,
    taskText: "t",
    workPrompt: "w",
    schema: z.object({ summary: z.string() }),
    schemaName: "TestSuite",
    first: { candidate: { summary: "draft" }, author: agents[0]! },
  });
  return { ...r, stored: await knowledge.list("team_votes", { task_id: coords.taskId }) };
}

describe("runVote", () => {
  it("accepts at two approvals out of three (0.667 ≥ 0.66) and stores each ballot", async () => {
    const r = await vote([scripted("a", [b("approve")]), scripted("b", [b("approve")]), scripted("c", [b("reject")])]);
    expect(r.summary).toMatchObject({
      outcome: "accepted",
      attempts: 1,
      ballots: 3,
      approvals: 2,
      rejections: 1,
      abstentions: 0,
      quorum: true,
    });
    expect(r.summary.approval_ratio).toBeCloseTo(2 / 3);
    expect(r.summary.head_count_ratio).toBeCloseTo(2 / 3);
    expect(r.stored).toHaveLength(3);
    expect(r.stored.find((p) => p.payload.agent === "c")?.payload).toMatchObject({
      vote: "reject",
      suggested_improvements: ["fix it"],
      quorum: true,
      consensus_reached: true,
    });
  });

  it("counts abstentions toward a quorum: one approval and two abstentions decide nothing", async () => {
    const r = await vote(
      [scripted("a", [b("approve")]), scripted("b", [b("abstain")]), scripted("c", [b("abstain")])],
      { TEAM_VOTING_MAX_ATTEMPTS: "1" },
    );
    expect(r.summary).toMatchObject({
      outcome: "no_consensus_best_supported",
      approval_ratio: 1,
      approvals: 1,
      abstentions: 2,
      quorum: false,
    });
    expect(r.stored.every((p) => p.payload.quorum === false && p.payload.consensus_reached === false)).toBe(true);
  });

  it("weights the ratio by confidence: a confident approval outweighs a hesitant rejection", async () => {
    const r = await vote([scripted("a", [b("approve", 0.95)]), scripted("b", [b("reject", 0.2)])]);
    expect(r.summary).toMatchObject({ outcome: "accepted", attempts: 1, head_count_ratio: 0.5 });
    expect(r.summary.approval_ratio).toBeCloseTo(0.95 / 1.15);
    const stored = r.stored.find((p) => p.payload.agent === "b")?.payload;
    expect(stored).toMatchObject({ head_count_percentage: 0.5, consensus_reached: true, outcome: "accepted" });
    expect(stored?.approval_percentage).toBeCloseTo(0.95 / 1.15);
  });

  it("revises from the rejecting agents' points and picks the best-supported attempt when none passes", async () => {
    const a = scripted("a", [b("approve", 0.3), b("approve", 0.95), b("approve", 0.5)]);
    const r = await vote([
      a,
      scripted("b", [b("reject"), b("reject"), b("reject")]),
      scripted("c", [b("reject"), b("reject"), b("reject")]),
    ]);
    expect(r.summary).toMatchObject({
      outcome: "no_consensus_best_supported",
      attempts: 3,
      chosen_attempt: 2,
      ballots: 9,
      approvals: 1,
      rejections: 2,
    });
    expect(r.summary.approval_ratio).toBeCloseTo(0.95 / 2.55); // the chosen attempt's weighted ratio
    expect(r.candidate).toEqual({ summary: "revision 2" });
  });

  it("respects TEAM_VOTING_MAX_ATTEMPTS and TEAM_VOTING_ENABLED", async () => {
    const reject = () => scripted("x", [b("reject"), b("reject")]);
    expect((await vote([reject(), reject()], { TEAM_VOTING_MAX_ATTEMPTS: "1" })).summary.attempts).toBe(1);
    const off = await vote([reject()], { TEAM_VOTING_ENABLED: "false" });
    expect(off.summary).toMatchObject({
      outcome: "voting_disabled",
      approval_ratio: 1,
      head_count_ratio: 1,
      approvals: 0,
      quorum: true,
    });
    expect(off.stored).toHaveLength(0);
  });
});
