import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { fakeOpenAIProvider } from "../support/fake-providers.ts";

let fleet: Fleet;
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;
const chunk = (source: string, heading: string[], text: string) => ({
  id: randomUUID(), text, payload: { kind: "markdown", source, heading_path: heading, text },
});

beforeAll(async () => {
  openai = await fakeOpenAIProvider();
  fleet = await startFleet({ env: { FLOTILLA_PROVIDER: "auto", OPENAI_API_KEY: "sk-test-k", OPENAI_BASE_URL: `${openai.url}/v1`, OLLAMA_BASE_URL: "" } });
  await fleet.knowledge.upsert("design_principles", [
    chunk("DESIGN.md", ["Principles", "Idempotent consumers"], "Every consumer must be idempotent: a redelivered message never duplicates work; derive ids deterministically."),
    chunk("DESIGN.md", ["Principles", "Colour palette"], "Buttons use the brand palette of teal and amber with rounded corners."),
  ]);
  await fleet.knowledge.upsert("coding_standards", [
    chunk("CODING.md", ["TypeScript", "Errors"], "Errors carry isRetryable and name the variable a person must fix."),
  ]);
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await openai?.close();
});

describe("agents read the knowledge base before each step", () => {
  it("records the relevant chunks with the step and cites them in the author's prompt", async () => {
    const o = await runTask(fleet, "Make the message consumer idempotent so a redelivery never duplicates work", 120_000);
    expect(o.status).toBe("completed");
    const state = await fleet.bus.getJson<{ steps: Record<string, { context: Array<{ collection: string; source?: string; heading_path?: string[] }> }> }>("workflow_state", o.task_id);
    const implement = state!.steps.implement!.context;
    expect(implement[0]).toMatchObject({ collection: "design_principles", source: "DESIGN.md", heading_path: ["Principles", "Idempotent consumers"] });
    expect(implement.some((c) => c.heading_path?.includes("Colour palette"))).toBe(false);
    const prompts = openai.requests.map((r) => JSON.stringify((r.body as { messages: unknown[] }).messages));
    expect(prompts.some((p) => p.includes("[K1] design_principles · DESIGN.md › Principles › Idempotent consumers"))).toBe(true);
  });

  it("search_context answers over MCP with source file and heading path", async () => {
    const client = await fleet.mcpClient();
    const res = await client.callTool({ name: "search_context", arguments: { query: "redeliveries duplicated by consumers", limit: 3 } });
    const results = (res.structuredContent as { results: Array<{ collection: string; source?: string; heading_path?: string[] }> }).results;
    expect(results[0]).toMatchObject({ collection: "design_principles", source: "DESIGN.md", heading_path: ["Principles", "Idempotent consumers"] });
    const one = await client.callTool({ name: "search_context", arguments: { query: "errors", collection: "coding_standards" } });
    expect((one.structuredContent as { results: Array<{ source?: string }> }).results.map((r) => r.source)).toEqual(["CODING.md"]);
  });
});
