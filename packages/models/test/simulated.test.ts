import { describe, expect, it } from "vitest";
import { Ballot, Rating, WORK_OUTPUTS } from "@flotilla/contracts";
import { createSimulatedModel, parseDirectives, type CallContext } from "@flotilla/models";

const ctx = (over: Partial<CallContext> = {}): CallContext => ({
  team: "qa",
  agent: "a",
  role: "QA engineer",
  kind: "draft",
  step: "test",
  taskId: "t",
  taskText: "Add a trim helper",
  attempt: 1,
  round: 1,
  agentIndex: 1,
  ...over,
});

describe("the simulated provider", () => {
  const model = createSimulatedModel({ modelId: "sim:x" });

  it("answers every step schema with valid, labelled output", async () => {
    for (const [name, schema] of Object.entries(WORK_OUTPUTS)) {
      const r = await model.generate({
        system: "",
        prompt: "p",
        schema: schema as never,
        schemaName: name,
        context: ctx(),
      });
      expect((r.output as { simulated: boolean }).simulated, name).toBe(true);
      expect((r.output as { summary: string }).summary, name).toMatch(/\[simulated\]/);
    }
  });

  it("is deterministic", async () => {
    const call = { system: "", prompt: "p", schema: Ballot, schemaName: "Ballot", context: ctx({ kind: "vote" }) };
    expect((await model.generate(call)).output).toEqual((await model.generate(call)).output);
  });

  it("disagrees on purpose when the task text says so", async () => {
    const text = "x [sim:qa:reject=2] [sim:qa:rate-low=1] [sim:qa:bugs=1]";
    expect(parseDirectives(text)).toMatchObject({ reject: { qa: 2 }, rateLow: { qa: 1 }, bugs: 1 });
    const vote = (attempt: number, agentIndex: number) =>
      model.generate({
        system: "",
        prompt: "",
        schema: Ballot,
        schemaName: "Ballot",
        context: ctx({ kind: "vote", taskText: text, attempt, agentIndex }),
      });
    expect((await vote(1, 1)).output.vote).toBe("reject");
    expect((await vote(1, 0)).output.vote).toBe("approve");
    expect((await vote(3, 1)).output.vote).toBe("approve");
    const rate = await model.generate({
      system: "",
      prompt: "",
      schema: Rating,
      schemaName: "Rating",
      context: ctx({ kind: "rate", taskText: text }),
    });
    expect(rate.output).toMatchObject({ approved: false });
    const code = (round: number) =>
      model.generate({
        system: "",
        prompt: "",
        schema: WORK_OUTPUTS.CodeBundle,
        schemaName: "CodeBundle",
        context: ctx({ taskText: text, round }),
      });
    const moduleOf = async (round: number) =>
      (await code(round)).output.changes.find((c) => c.path.startsWith("src/") && c.op === "create");
    // Round 1 checks only `length === 0` (whitespace gets through: QA's test catches it); round 2 trims first.
    expect(await moduleOf(1)).toMatchObject({ content: expect.stringContaining("String(text).length === 0") });
    expect(await moduleOf(2)).toMatchObject({ content: expect.stringContaining("String(text).trim().length === 0") });
  });

  it("writes a package.json only when the repository tree in the prompt has none", async () => {
    const paths = async (prompt: string) =>
      (
        await model.generate({
          system: "",
          prompt,
          schema: WORK_OUTPUTS.CodeBundle,
          schemaName: "CodeBundle",
          context: ctx({ taskText: "Add a slugify helper" }),
        })
      ).output.changes.map((c) => c.path);
    expect(await paths("## Files in the repository\nREADME.md\n")).toEqual([
      "package.json",
      "src/slugify.mjs",
      "test/slugify.test.mjs",
    ]);
    expect(await paths("## Files in the repository\npackage.json\nREADME.md\n")).not.toContain("package.json");
  });

  it("waits its fixed latency per call", async () => {
    const slow = createSimulatedModel({ latencyMs: 50 });
    const r = await slow.generate({
      system: "",
      prompt: "",
      schema: Ballot,
      schemaName: "Ballot",
      context: ctx({ kind: "vote" }),
    });
    expect(r.latencyMs).toBeGreaterThanOrEqual(45);
  });
});
