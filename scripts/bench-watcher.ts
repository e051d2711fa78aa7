/**
 * Edit-to-searchable latency through the ingest watcher (goal ≤ 2 s): a real Qdrant on a temp
 * dir, a folder watched by `watchPaths`, then N edits of one file, each timed from the write
 * to the moment a search returns the new text. Prints figures, asserts nothing.
 *   node --import tsx scripts/bench-watcher.ts [edits]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startQdrant } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { createIngestStore, watchPaths } from "@flotilla/ingest";
import { measureEditToSearchable } from "./bench-knowledge.ts";

const edits = Number(process.argv[2] ?? 10);
const dir = mkdtempSync(join(tmpdir(), "flotilla-bench-watch-"));
const qdrant = await startQdrant({ dataDir: join(dir, "qdrant") });
try {
  const logger = createLogger({ name: "bench-watcher", level: "warn" });
  const store = createIngestStore({ url: qdrant.url, logger });
  const docs = join(dir, "docs");
  mkdirSync(docs);
  const file = join(docs, "guide.md");
  writeFileSync(file, "# Guide\n\n## Start\n\nNothing to see yet.\n");
  const watcher = watchPaths(store, [docs], { root: dir });
  await watcher.ready;
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const probe = `zebra${i}quill`;
    times.push(
      await measureEditToSearchable(
        store,
        "documentation_index",
        async () => writeFileSync(file, `# Guide\n\n## Start\n\nNow it mentions ${probe}.\n`),
        probe,
      ),
    );
  }
  await watcher.close();
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  process.stdout.write(
    `edit→searchable through the watcher (debounce 300 ms), ${edits} edits: ` +
      `p50 ${q(0.5).toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (goal ≤ 2000 ms)\n`,
  );
} finally {
  await qdrant.stop();
  rmSync(dir, { recursive: true, force: true });
}
