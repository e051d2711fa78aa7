import { existsSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths, type FileReport, type IngestResult } from "../src/index.ts";
import { isolated, tempDir, write, writeCorpus } from "./helpers.ts";

const q = isolated();
const tmp = tempDir();
let result: IngestResult;
const seen: FileReport[] = [];
const report = (source: string) => result.files.find((f) => f.source === source);

beforeAll(async () => {
  writeCorpus(tmp.dir);
  // The stray comma leaves "}" where a property name must be: line 3, column 31.
  write(tmp.dir, "bad/broken.json", '{\n  "file_path": "a.pdf",\n  "content": { "ocr": "text" ,}\n}');
  write(tmp.dir, "bad/image.md", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
  // 50 MB in no time: a sparse file.
  writeFileSync(join(tmp.dir, "bad/huge.md"), "# Huge\n");
  truncateSync(join(tmp.dir, "bad/huge.md"), 50 * 1024 * 1024);
  write(tmp.dir, "bad/vanishing.md", "# Gone\nThis file is deleted after it was listed.");
  result = await ingestPaths(q.store, ["."], {
    root: tmp.dir,
    rules: q.rules,
    onFile(r) {
      seen.push(r);
      // Files run in sorted order, so this deletes vanishing.md after the walk listed it.
      if (r.source === "bad/image.md") rmSync(join(tmp.dir, "bad/vanishing.md"));
    },
  });
});
afterAll(async () => {
  await q.cleanup();
  tmp.remove();
});

describe("a failing file is reported and the others go on", () => {
  it("names the file and the parse position of malformed JSON", () => {
    expect(report("bad/broken.json")).toMatchObject({
      status: "error",
      collection: q.col("json_artifacts"),
      error: "malformed JSON in bad/broken.json: property name expected at line 3, column 31 (position 56)",
    });
  });

  it("refuses a binary file", () => {
    expect(report("bad/image.md")).toMatchObject({ status: "error", error: "binary file" });
  });

  it("refuses a 50 MB file", () => {
    expect(report("bad/huge.md")).toMatchObject({ status: "error", error: "too large (50.0 MB > 10.0 MB limit)" });
  });

  it("reports a file that disappeared between listing and reading", () => {
    expect(existsSync(join(tmp.dir, "bad/vanishing.md"))).toBe(false);
    expect(report("bad/vanishing.md")).toMatchObject({ status: "error", error: "disappeared while reading" });
  });

  it("ingests every other file", async () => {
    expect(result.totals).toMatchObject({ errors: 4, skipped: 1, files: 10 });
    const ok = result.files.filter((f) => f.status === "ingested").map((f) => f.source);
    expect(ok.sort()).toEqual([
      "data/deployment.json",
      "data/training.json",
      "docs/CODING_STANDARDS.md",
      "docs/design-principles.md",
      "docs/guide/onboarding.md",
    ]);
    expect(await q.store.count(q.col("design_principles"))).toBe(3);
    expect(await q.store.count(q.col("json_artifacts"))).toBe(2);
    expect(await q.store.count(q.col("documentation_index"))).toBe(1); // onboarding only
    expect(seen).toEqual(result.files);
  });

  it("reports a path that does not exist", async () => {
    const missing = await ingestPaths(q.store, ["nope.md", "docs/guide/onboarding.md"], {
      root: tmp.dir,
      rules: q.rules,
    });
    expect(missing.files.map((f) => [f.source, f.status, f.error])).toEqual([
      ["nope.md", "error", "not found"],
      ["docs/guide/onboarding.md", "unchanged", undefined],
    ]);
  });

  it("refuses a file outside the ingest root", async () => {
    const outside = await ingestPaths(q.store, [join(tmp.dir, "docs/guide/onboarding.md")], {
      root: join(tmp.dir, "data"),
      rules: q.rules,
    });
    expect(outside.files[0]).toMatchObject({
      status: "error",
      error: `outside the ingest root ${join(tmp.dir, "data")}`,
    });
  });

  it("honours maxFileBytes", async () => {
    const small = await ingestPaths(q.store, ["docs/design-principles.md"], {
      root: tmp.dir,
      rules: q.rules,
      maxFileBytes: 100,
    });
    expect(small.files[0]?.error).toMatch(/^too large \(0\.0 MB > 0\.0 MB limit\)$/);
  });
});
