import { describe, expect, it } from "vitest";
import { diversify, type AgentChoice, type Candidate } from "../src/index.ts";

const m = (provider: string, model: string): Candidate => ({ provider, model });
const choice = (agent: string, candidates: Candidate[], chosen = candidates[0]!): AgentChoice => ({
  agent,
  candidates,
  chosen,
  reason: `${agent} chose`,
});

describe("diversify", () => {
  it("moves the last voter that can to a second provider when all chose one", () => {
    const both = [m("openai", "x"), m("anthropic", "y")];
    const input = [choice("author", both), choice("r1", both), choice("r2", [m("openai", "x")])];
    const out = diversify(input);
    expect(out.map((c) => c.chosen)).toEqual([m("openai", "x"), m("anthropic", "y"), m("openai", "x")]);
    expect(out[1]!.reason).toBe("r1 chose; diversity: the vote needs a second provider");
    expect(out[2]!.reason).toBe("r2 chose");
    expect(input[1]!.chosen).toEqual(m("openai", "x")); // input untouched
    expect(out).not.toBe(input);
  });

  it("leaves a vote that already has two providers alone", () => {
    const both = [m("openai", "x"), m("anthropic", "y")];
    const input = [choice("author", both), choice("r1", both, m("anthropic", "y")), choice("r2", both)];
    expect(diversify(input)).toEqual(input);
  });

  it("never switches the author, even when only the author could", () => {
    const input = [choice("author", [m("openai", "x"), m("anthropic", "y")]), choice("r1", [m("openai", "x")])];
    expect(diversify(input).map((c) => c.chosen)).toEqual([m("openai", "x"), m("openai", "x")]);
  });

  it("spreads voters over the models of a single provider", () => {
    const models = [m("ollama", "a"), m("ollama", "b"), m("ollama", "c")];
    const input = [
      choice("author", models),
      choice("r1", models),
      choice("r2", models),
      choice("r3", [m("ollama", "a")]),
    ];
    const out = diversify(input);
    expect(out.map((c) => c.chosen.model)).toEqual(["a", "c", "b", "a"]);
    expect(out[1]!.reason).toBe("r1 chose; diversity: a different model of ollama");
    expect(out[3]!.reason).toBe("r3 chose");
    expect(out[0]).toEqual(input[0]);
  });
});
