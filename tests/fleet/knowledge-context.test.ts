import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { fakeOpenAIProvider } from "../support/fake-providers.ts";

let fleet: Fleet;
const kb = mkdtempSync(join(tmpdir(), "flotilla-watched-"));
mkdirSync(join(kb, "guides"));
writeFileSync(
  join(kb, "guides", "runbook.md"),
  "# Runbook\n\n## Restarts\n\nRestart the ingestion worker with a rolling deploy.\n",
);
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;
const chunk = (source: string, heading: string[], text: string) => ({
  id: randomUUID(),
  text,
  payload: { kind: "markdown", source, heading_path: heading, text },
});

beforeAll(async () => {
  openai = await fakeOpenAIProvider();
  fleet = await startFleet({
    env: {
      FLOTILLA_PROVIDER: "auto",
      OPENAI_API_KEY: "sk-test-k",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OLLAMA_BASE_URL: "",
      FLOTILLA_KNOWLEDGE_DIRS: kb,
    },
  });
  await fleet.knowledge.upsert("design_principles", [
    chunk(
      "DESIGN.md",
      ["Principles", "Idempotent consumers"],
      "Every consumer must be idempotent: a redelivered message never duplicates work; derive ids deterministically.",
    ),
    chunk(
      "DESIGN.md",
      ["Principles", "Colour palette"],
      "Buttons use the brand palette of teal and amber with rounded corners.",
    ),
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
    const o = await runTask(
      fleet,
      "Make the message consumer idempotent so a redelivery never duplicates work",
      120_000,
    );
    expect(o.status).toBe("completed");
    type Context = Array<{ collection: string; source?: string; heading_path?: string[] }>;
    const state = await fleet.bus.getJson<{ packets: Array<{ step: string; result?: { context: Context } }> }>(
      "workflow_state",
      o.task_id,
    );
    const implement = state!.packets.find((p) => p.step === "implement")!.result!.context;
    expect(implement[0]).toMatchObject({
      collection: "design_principles",
      source: "DESIGN.md",
      heading_path: ["Principles", "Idempotent consumers"],
    });
    expect(implement.some((c) => c.heading_path?.includes("Colour palette"))).toBe(false);
    const prompts = openai.requests.map((r) => JSON.stringify((r.body as { messages: unknown[] }).messages));
    expect(
      prompts.some((p) => p.includes("[K1] design_principles · DESIGN.md › Principles › Idempotent consumers")),
    ).toBe(true);
  });

  it("search_context answers over MCP with source file and heading path", async () => {
    const client = await fleet.mcpClient();
    const res = await client.callTool({
      name: "search_context",
      arguments: { query: "redeliveries duplicated by consumers", limit: 3 },
    });
    const results = (
      res.structuredContent as { results: Array<{ collection: string; source?: string; heading_path?: string[] }> }
    ).results;
    expect(results[0]).toMatchObject({
      collection: "design_principles",
      source: "DESIGN.md",
      heading_path: ["Principles", "Idempotent consumers"],
    });
    const one = await client.callTool({
      name: "search_context",
      arguments: { query: "errors", collection: "coding_standards" },
    });
    expect((one.structuredContent as { results: Array<{ source?: string }> }).results.map((r) => r.source)).toEqual([
      "CODING.md",
    ]);
    const tagged = await client.callTool({
      name: "search_context",
      arguments: { query: "idempotent", tags: ["no-such-tag"] },
    });
    expect((tagged.structuredContent as { results: unknown[] }).results).toHaveLength(0);
    const votes = await client.callTool({
      name: "search_context",
      arguments: { query: "vote approve", collection: "team_votes", team: "qa", limit: 20 },
    });
    const texts = (votes.structuredContent as { results: Array<{ text: string }> }).results.map((r) => r.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.startsWith("qa "))).toBe(true);
  });

  it("keeps FLOTILLA_KNOWLEDGE_DIRS ingested while the fleet runs (an edit is searchable within 5 s)", async () => {
    const client = await fleet.mcpClient();
    const search = async (query: string) =>
      (
        (await client.callTool({ name: "search_context", arguments: { query, collection: "documentation_index" } }))
          .structuredContent as { results: Array<{ text: string; source?: string }> }
      ).results;
    for (let i = 0; i < 50 && !(await search("rolling deploy")).length; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await search("rolling deploys"))[0]?.text).toMatch(/rolling deploy/);
    const edited = Date.now();
    writeFileSync(
      join(kb, "guides", "runbook.md"),
      "# Runbook\n\n## Restarts\n\nDrain the hyperdrive queue before restarting.\n",
    );
    for (;;) {
      if ((await search("hyperdrive"))[0]?.text.includes("hyperdrive")) break;
      if (Date.now() - edited > 5_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Date.now() - edited).toBeLessThan(5_000);
    expect(await search("rolling deploy")).toHaveLength(0);
  });

  it("leadership ingests on request and lists the sources", async () => {
    const client = await fleet.mcpClient();
    // The tool reads only under FLOTILLA_KNOWLEDGE_DIRS (so the watcher may get there first: written or unchanged).
    const extra = mkdtempSync(join(kb, "extra-"));
    writeFileSync(join(extra, "CODING_STANDARDS.md"), "# Standards\n\n## Naming\n\nNames say what a thing holds.\n");
    writeFileSync(join(extra, "broken.json"), "{ not json");
    const res = await client.callTool({ name: "ingest", arguments: { paths: [extra] } });
    const sc = res.structuredContent as {
      totals: { errors: number; upserted: number };
      files: Array<{ source: string; status: string; error?: string }>;
    };
    expect(sc.totals).toMatchObject({ errors: 1 });
    expect(sc.files.find((f) => f.source.endsWith("CODING_STANDARDS.md"))?.status).toMatch(/^(ingested|unchanged)$/);
    expect(sc.files.find((f) => f.source.endsWith("broken.json"))?.error).toMatch(/malformed JSON/);
    const list = await client.callTool({ name: "list_sources", arguments: { collection: "coding_standards" } });
    const sources = (list.structuredContent as { collections: Array<{ sources: string[] }> }).collections[0]!.sources;
    expect(sources.some((s) => s.endsWith("CODING_STANDARDS.md"))).toBe(true);
  });
});
