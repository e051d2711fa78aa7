import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchPaths, type IngestResult, type WatchEvent, type Watcher } from "../src/index.ts";
import { DESIGN, isolated, tempDir, within, write, writeCorpus } from "./helpers.ts";

const q = isolated();
const tmp = tempDir();
const events: WatchEvent[] = [];
let watcher: Watcher;
let initial: IngestResult;

beforeAll(async () => {
  writeCorpus(tmp.dir);
  watcher = watchPaths(q.store, ["docs", "data"], { root: tmp.dir, rules: q.rules, onEvent: (e) => events.push(e) });
  initial = await watcher.ready;
});
afterAll(async () => {
  await watcher?.close();
  await q.cleanup();
  tmp.remove();
});

const search = (collection: string, text: string) => q.store.search(q.col(collection), text, { limit: 1 });

describe("watchPaths", () => {
  it("ingests every watched path at start", () => {
    expect(initial.totals).toMatchObject({ errors: 0, files: 6 });
    expect(events.filter((e) => e.trigger === "initial").map((e) => e.report)).toEqual(initial.files);
  });

  it("makes an edited file searchable within 5 s, rewriting only that file's changed chunk", async () => {
    const others = await q.store.list(q.col("coding_standards"), {});
    const design = new Map(
      (await q.store.list(q.col("design_principles"), {})).map((r) => [r.id, r.payload.ingested_at]),
    );
    write(
      tmp.dir,
      "docs/design-principles.md",
      DESIGN.replace("Prefer fewer moving parts.", "Prefer fewer moving parts, like a zanzibar gearbox."),
    );
    const { elapsed, value } = await within(5_000, async () => (await search("design_principles", "zanzibar"))[0]);
    expect(elapsed).toBeLessThan(5_000);
    expect(value.payload.heading_path).toEqual(["Design principles", "Simplicity"]);
    const after = await q.store.list(q.col("design_principles"), {});
    expect(after.filter((r) => r.payload.ingested_at !== design.get(r.id)).map((r) => r.id)).toEqual([value.id]);
    expect(await q.store.list(q.col("coding_standards"), {})).toEqual(others);
    const change = events.find((e) => e.trigger === "change" || e.trigger === "add");
    expect(change?.report).toMatchObject({
      source: "docs/design-principles.md",
      status: "ingested",
      upserted: 1,
      deleted: 0,
    });
  });

  it("ingests a new file", async () => {
    write(tmp.dir, "docs/guide/release.md", "# Releases\n\nTag the quokka build before shipping.");
    const { elapsed } = await within(5_000, async () => (await search("documentation_index", "quokka"))[0]);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("removes the points of a deleted file", async () => {
    expect(await q.store.count(q.col("json_artifacts"), { source: "data/training.json" })).toBe(1);
    rmSync(join(tmp.dir, "data/training.json"));
    const { elapsed } = await within(
      5_000,
      async () => (await q.store.count(q.col("json_artifacts"), { source: "data/training.json" })) === 0,
    );
    expect(elapsed).toBeLessThan(5_000);
    expect(await q.store.count(q.col("json_artifacts"))).toBe(1);
    await within(1_000, async () =>
      events.some((e) => e.trigger === "unlink" && e.report.status === "removed" && e.report.deleted === 1),
    );
  });

  it("ignores dotfiles and node_modules below watched folders", async () => {
    const before = events.length;
    write(tmp.dir, "docs/.swap.md", "# Scratch\n\nwombat");
    write(tmp.dir, "docs/node_modules/x/README.md", "# Dep\n\nwombat");
    write(tmp.dir, "docs/guide/trigger.md", "# Trigger\n\nplatypus");
    await within(5_000, async () => (await search("documentation_index", "platypus"))[0]);
    expect(await search("documentation_index", "wombat")).toEqual([]);
    expect(events.slice(before).map((e) => e.report.source)).toEqual(["docs/guide/trigger.md"]);
  });
});
