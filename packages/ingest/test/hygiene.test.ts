import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chunkJson,
  chunkMarkdown,
  ingestPaths,
  MalformedJsonError,
  watchPaths,
  type IngestResult,
  type WatchEvent,
} from "../src/index.ts";
import { DESIGN, isolated, tempDir, within, write } from "./helpers.ts";

const q = isolated();
const tmp = tempDir();
const SECRET = "zanzibar-secret-outside-the-root";
let result: IngestResult;
const report = (source: string) => result.files.find((f) => f.source === source);

beforeAll(async () => {
  write(tmp.dir, "docs/design-principles.md", DESIGN);
  write(tmp.dir, "outside/secret.md", `# Secret\n\n${SECRET}\n`);
  mkdirSync(join(tmp.dir, "outside/folder"), { recursive: true });
  write(tmp.dir, "outside/folder/inner.md", `# Inner\n\n${SECRET}\n`);
  const link = (target: string, path: string) => symlinkSync(target, join(tmp.dir, path));
  link("/etc/passwd", "docs/passwd.md");
  link("../outside/secret.md", "docs/secret.md"); // inside the ingest root, outside the folder given
  link(join(tmp.dir, "outside/folder"), "docs/folder");
  link("design-principles.md", "docs/alias.md");
  link("missing.md", "docs/gone.md");
  result = await ingestPaths(q.store, ["docs"], { root: tmp.dir, rules: q.rules });
});
afterAll(async () => {
  await q.cleanup();
  tmp.remove();
});

describe("links", () => {
  it("never follows a link out of the paths given, and says why in the result", () => {
    for (const source of ["docs/passwd.md", "docs/secret.md", "docs/folder"])
      expect(report(source), source).toMatchObject({
        status: "skipped",
        reason: expect.stringMatching(/symbolic link out of the ingest roots .*not followed/),
      });
    expect(report("docs/passwd.md")?.reason).toContain("/etc/passwd");
  });

  it("reports a dangling link as skipped, with its target", () => {
    expect(report("docs/gone.md")).toMatchObject({
      status: "skipped",
      reason: expect.stringMatching(/dangling symbolic link \(to missing\.md/),
    });
  });

  it("follows a link that stays inside", () => {
    expect(report("docs/alias.md")).toMatchObject({ status: "ingested" });
    expect(report("docs/design-principles.md")).toMatchObject({ status: "ingested" });
    expect(result.totals).toMatchObject({ errors: 0, skipped: 4 });
  });

  it("stores nothing read through a refused link", async () => {
    const points = [
      ...(await q.store.list(q.col("design_principles"), {})),
      ...(await q.store.list(q.col("documentation_index"), {})),
    ];
    expect(new Set(points.map((p) => p.payload.source))).toEqual(
      new Set(["docs/design-principles.md", "docs/alias.md"]),
    );
    const texts = points.map((p) => String(p.payload.text)).join("\n");
    expect(texts).not.toContain(SECRET);
    expect(texts).not.toMatch(/root:.*:0:0:/);
  });

  it("removes the points of a file that became a link out of the roots", async () => {
    write(tmp.dir, "docs/later.md", "# Later\n\nA plain file for now.\n");
    await ingestPaths(q.store, ["docs"], { root: tmp.dir, rules: q.rules });
    expect(await q.store.count(q.col("documentation_index"), { source: "docs/later.md" })).toBe(1);
    rmSync(join(tmp.dir, "docs/later.md"));
    symlinkSync("/etc/passwd", join(tmp.dir, "docs/later.md"));
    const again = await ingestPaths(q.store, ["docs"], { root: tmp.dir, rules: q.rules });
    expect(again.files.find((f) => f.source === "docs/later.md" && f.status === "removed")).toBeDefined();
    expect(await q.store.count(q.col("documentation_index"), { source: "docs/later.md" })).toBe(0);
  });
});

describe("the watcher", () => {
  it("refuses a link out of its folders made while it watches", async () => {
    const events: WatchEvent[] = [];
    const watcher = watchPaths(q.store, ["docs"], { root: tmp.dir, rules: q.rules, onEvent: (e) => events.push(e) });
    try {
      await watcher.ready;
      symlinkSync("/etc/passwd", join(tmp.dir, "docs/watched-passwd.md"));
      const { value } = await within(5_000, async () =>
        events.find((e) => e.trigger !== "initial" && e.report.source === "docs/watched-passwd.md"),
      );
      expect(value.report).toMatchObject({
        status: "skipped",
        reason: expect.stringMatching(/out of the ingest roots/),
      });
      expect(await q.store.count(q.col("documentation_index"), { source: "docs/watched-passwd.md" })).toBe(0);
    } finally {
      await watcher.close();
    }
  });
});

describe("text is cut on character boundaries", () => {
  const wellFormed = (texts: string[]) => texts.every((t) => t.isWellFormed());

  it("splits a long run without spaces (emoji at every offset) without breaking a character", () => {
    for (let at = 0; at < 40; at++) {
      const body = `${"x".repeat(at)}${"😀".repeat(1_000)}`;
      const chunks = chunkMarkdown(`# Emoji\n\n${body}`, "emoji.md", 101);
      expect(wellFormed(chunks.map((c) => c.text)), `offset ${at}`).toBe(true);
      expect(chunks.map((c) => c.text.replace("Emoji\n\n", "")).join("")).toBe(body);
    }
    const json = chunkJson(JSON.stringify({ content: { ocr: "👍🏽".repeat(2_000) } }), "e.json", 77);
    expect(wellFormed(json.map((c) => c.text))).toBe(true);
  });
});

describe("deep JSON", () => {
  it("is refused with a clear error, not a stack overflow", () => {
    const deep = `${"[".repeat(10_000)}"x"${"]".repeat(10_000)}`;
    expect(() => chunkJson(deep, "deep.json")).toThrow(MalformedJsonError);
    expect(() => chunkJson(deep, "deep.json")).toThrow("malformed JSON in deep.json: nested deeper than 64 levels");
  });

  it("is reported for its file by ingest, and the others go on", async () => {
    write(tmp.dir, "data/deep.json", `{"a":${"[".repeat(10_000)}"x"${"]".repeat(10_000)}}`);
    write(tmp.dir, "data/fine.json", JSON.stringify({ content: { ocr: "a readable document" } }));
    const r = await ingestPaths(q.store, ["data"], { root: tmp.dir, rules: q.rules });
    expect(r.files.find((f) => f.source === "data/deep.json")).toMatchObject({
      status: "error",
      error: expect.stringMatching(/nested deeper than 64 levels/),
    });
    expect(r.files.find((f) => f.source === "data/fine.json")).toMatchObject({ status: "ingested" });
  });
});
