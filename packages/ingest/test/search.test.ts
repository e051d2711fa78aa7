import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../src/index.ts";
import { isolated, tempDir, writeCorpus } from "./helpers.ts";

const q = isolated();
const tmp = tempDir();

beforeAll(async () => {
  writeCorpus(tmp.dir);
  const result = await ingestPaths(q.store, ["."], { root: tmp.dir, rules: q.rules });
  expect(result.totals.errors).toBe(0);
});
afterAll(async () => {
  await q.cleanup();
  tmp.remove();
});

describe("search over ingested documents", () => {
  it("finds a section by other inflections and word order, best first", async () => {
    // The text says "replaying a message writes the same record".
    const hits = await q.store.search(q.col("design_principles"), "records of replayed messages");
    expect(hits[0]?.payload).toMatchObject({ heading_path: ["Design principles", "Deterministic identifiers"] });
    expect(hits).toHaveLength(1); // no other section shares a stem with the query
  });

  it("finds a section by its heading words alone", async () => {
    const hits = await q.store.search(q.col("design_principles"), "explicit");
    expect(hits.map((h) => h.payload.heading_path)).toEqual([["Design principles", "Explicit errors"]]);
  });

  it("finds the JSON document by a term only its OCR text holds", async () => {
    const hits = await q.store.search(q.col("json_artifacts"), "EDK2 driver bindings");
    expect(hits[0]?.payload).toMatchObject({
      kind: "json",
      source: "data/training.json",
      heading_path: ["file_path", "content.ocr", "content.pdf_text"],
    });
    expect(hits[0]?.payload.text).toContain(
      "content.ocr: Training material. Chapter 3 explains the UEFI EDK2 driver binding protocol",
    );
    expect(hits.map((h) => h.payload.source)).toEqual(["data/training.json"]);
    // And the record is there to hand back whole.
    expect(hits[0]?.payload.record).toMatchObject({ file_hash: "2ab67df6", total_pages: 1 });
  });

  it("filters by source through the keyword index", async () => {
    const hits = await q.store.search(q.col("json_artifacts"), "deployment checklist training", {
      filter: { source: "data/deployment.json" },
    });
    expect(hits.map((h) => h.payload.source)).toEqual(["data/deployment.json"]);
  });
});
