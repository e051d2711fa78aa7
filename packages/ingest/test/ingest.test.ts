import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths, removeSource, type IngestResult } from "../src/index.ts";
import { DESIGN, isolated, sleep, tempDir, write, writeCorpus } from "./helpers.ts";

const q = isolated();
const tmp = tempDir();
const opts = { root: tmp.dir, rules: q.rules };
const DESIGN_SRC = "docs/design-principles.md";

/** id → payload of every point of a collection. */
async function snapshot(collection: string): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await q.store.list(collection, {})).map((r) => [r.id, r.payload]));
}

const bySource = (result: IngestResult, source: string) => result.files.find((f) => f.source === source);

beforeAll(() => writeCorpus(tmp.dir));
afterAll(async () => {
  await q.cleanup();
  tmp.remove();
});

describe("ingestPaths", () => {
  let first: IngestResult;

  it("routes each file to its collection, chunked along its headings", async () => {
    first = await ingestPaths(q.store, ["."], opts);
    const status = Object.fromEntries(first.files.map((f) => [f.source, f.status]));
    expect(status).toEqual({
      "data/deployment.json": "ingested",
      "data/training.json": "ingested",
      "docs/CODING_STANDARDS.md": "ingested",
      "docs/design-principles.md": "ingested",
      "docs/guide/onboarding.md": "ingested",
      "docs/notes.txt": "skipped",
    });
    expect(bySource(first, "docs/notes.txt")?.reason).toMatch(/no ingest rule matches/);
    expect(first.totals).toMatchObject({ files: 6, errors: 0, skipped: 1, deleted: 0, unchanged: 0 });
    expect(first.totals.upserted).toBe(first.totals.chunks);

    const design = await q.store.list(q.col("design_principles"), {});
    expect(design.map((r) => r.payload.heading_path).sort()).toEqual([
      ["Design principles", "Deterministic identifiers"],
      ["Design principles", "Explicit errors"],
      ["Design principles", "Simplicity"],
    ]);
    const simplicity = design.find((r) => r.payload.position === 0)!;
    expect(simplicity.payload).toMatchObject({
      kind: "markdown",
      source: DESIGN_SRC,
      collection: q.col("design_principles"),
      file_hash: createHash("sha256").update(DESIGN).digest("hex"),
    });
    expect(simplicity.payload.text).toBe(
      "Design principles > Simplicity\n\n" +
        "Prefer fewer moving parts. A system with one queue is easier to reason about than a system with three.",
    );
    expect(simplicity.payload.content_hash).toBe(
      createHash("sha256").update(String(simplicity.payload.text)).digest("hex"),
    );

    expect(await q.store.count(q.col("coding_standards"), { source: "docs/CODING_STANDARDS.md" })).toBe(2);
    expect(await q.store.count(q.col("documentation_index"))).toBe(1);
    const json = await q.store.list(q.col("json_artifacts"), { source: "data/training.json" });
    expect(json).toHaveLength(1);
    expect(json[0]!.payload).toMatchObject({
      kind: "json",
      fields: { file_hash: "2ab67df6", processed_date: "2025-01-07T22:55:09", total_pages: 1 },
      record: { content: { ocr: expect.stringContaining("EDK2") } },
    });
  });

  it("writes nothing when run again on unchanged files", async () => {
    const before = await Promise.all(q.rules.map((r) => snapshot(r.collection)));
    await sleep(20); // a rewrite would get a later ingested_at
    const again = await ingestPaths(q.store, ["."], opts);
    expect(again.totals).toMatchObject({ upserted: 0, deleted: 0, errors: 0, unchanged: first.totals.chunks });
    expect(again.files.filter((f) => f.status !== "skipped").every((f) => f.status === "unchanged")).toBe(true);
    expect(await Promise.all(q.rules.map((r) => snapshot(r.collection)))).toEqual(before);
  });

  it("rewrites only the edited section of the edited file", async () => {
    const design = await snapshot(q.col("design_principles"));
    const standards = await snapshot(q.col("coding_standards"));
    await sleep(20);
    const edited = DESIGN.replace("whether retrying can help", "whether a retry could ever help");
    write(tmp.dir, DESIGN_SRC, edited);
    const result = await ingestPaths(q.store, ["."], opts);
    expect(bySource(result, DESIGN_SRC)).toMatchObject({
      status: "ingested",
      chunks: 3,
      upserted: 1,
      deleted: 0,
      unchanged: 2,
    });
    expect(result.totals).toMatchObject({ upserted: 1, deleted: 0 });

    const after = await snapshot(q.col("design_principles"));
    expect([...after.keys()].sort()).toEqual([...design.keys()].sort()); // same ids: edits keep their point
    const changed = [...after].filter(([id, p]) => p.ingested_at !== design.get(id)!.ingested_at);
    expect(changed.map(([, p]) => p.heading_path)).toEqual([["Design principles", "Explicit errors"]]);
    expect(changed[0]![1].text).toContain("whether a retry could ever help");
    // Untouched chunks still say which version of the file they belong to.
    const hash = createHash("sha256").update(edited).digest("hex");
    expect([...after.values()].every((p) => p.file_hash === hash)).toBe(true);
    expect(await snapshot(q.col("coding_standards"))).toEqual(standards);
  });

  it("deletes the point of a section that was removed", async () => {
    const text = readFileSync(join(tmp.dir, DESIGN_SRC), "utf8");
    writeFileSync(join(tmp.dir, DESIGN_SRC), text.slice(0, text.indexOf("## Deterministic identifiers")));
    const result = await ingestPaths(q.store, [DESIGN_SRC], opts);
    expect(bySource(result, DESIGN_SRC)).toMatchObject({ chunks: 2, upserted: 0, deleted: 1, unchanged: 2 });
    const left = await q.store.list(q.col("design_principles"), { source: DESIGN_SRC });
    expect(left.map((r) => (r.payload.heading_path as string[])[1]).sort()).toEqual(["Explicit errors", "Simplicity"]);
  });

  it("removes the points of a deleted file when its folder is ingested again", async () => {
    expect(await q.store.count(q.col("documentation_index"), { source: "docs/guide/onboarding.md" })).toBe(1);
    rmSync(join(tmp.dir, "docs/guide/onboarding.md"));
    const result = await ingestPaths(q.store, ["docs"], opts);
    expect(bySource(result, "docs/guide/onboarding.md")).toMatchObject({
      status: "removed",
      collection: q.col("documentation_index"),
      deleted: 1,
    });
    expect(result.totals).toMatchObject({ removed: 1, deleted: 1, upserted: 0 });
    expect(await q.store.count(q.col("documentation_index"), { source: "docs/guide/onboarding.md" })).toBe(0);
    // Other sources in other folders are not pruned by a run over docs/.
    expect(await q.store.count(q.col("json_artifacts"))).toBe(2);
  });

  it("removeSource deletes one source's points and counts them", async () => {
    expect(await removeSource(q.store, q.col("coding_standards"), "docs/CODING_STANDARDS.md")).toBe(2);
    expect(await q.store.count(q.col("coding_standards"))).toBe(0);
    expect(await removeSource(q.store, q.col("coding_standards"), "docs/CODING_STANDARDS.md")).toBe(0);
    expect(await removeSource(q.store, "no_such_collection_ingest_test", "x.md")).toBe(0);
  });

  it("moves a file's points when a rule now routes it elsewhere", async () => {
    const rules = [{ glob: "docs/design-*.md", collection: q.col("documentation_index") }, ...q.rules];
    const result = await ingestPaths(q.store, ["docs"], { ...opts, rules });
    expect(result.files.filter((f) => f.source === DESIGN_SRC).map((f) => [f.status, f.collection])).toEqual([
      ["ingested", q.col("documentation_index")],
      ["removed", q.col("design_principles")],
    ]);
    expect(await q.store.count(q.col("design_principles"))).toBe(0);
    expect(await q.store.count(q.col("documentation_index"), { source: DESIGN_SRC })).toBe(2);
  });
});
