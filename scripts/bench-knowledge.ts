/**
 * What the knowledge store costs and how fast Qdrant answers it, on this machine, against its
 * own Qdrant in a temp dir. Prints figures, asserts nothing.
 *
 *  (a) ingest: chunk-like points through `store.upsert` in batches of 256, beside the official
 *      client's bare `upsert` of the same points and vectors, batch for batch (ratio; goal ≥ 0.8×).
 *  (b) BM25 query latency (p50/p99 of sequential `store.search` calls) on corpora of 10,000 and
 *      100,000 chunks (goal p99 ≤ 15 ms / 40 ms).
 *  (c) `measureEditToSearchable`: for the ingest package to time its watcher with.
 *
 * Text comes from a seeded generator over a fixed word list, so every run sees the same corpus.
 *
 *   node --import tsx scripts/bench-knowledge.ts [ingest-chunks] [queries] [corpus sizes, comma-separated]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { QdrantClient } from "@flotilla/knowledge/qdrant-client";
import { startQdrant } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { createKnowledgeStore, type Embedder, type KnowledgePoint, type KnowledgeStore } from "@flotilla/knowledge";
import { generateChunks, generateQueries, rng } from "./bench-corpus.ts";

/**
 * Milliseconds from the start of `write` until a search for `probe` returns a point whose text
 * contains it: polls `store.search` (default mode, so hybrid when the store has an embedder)
 * every `intervalMs`. For the ingest package: `write` edits a watched file, the watcher
 * re-indexes it, and this says when agents can find the edit.
 *
 * @example
 * const ms = await measureEditToSearchable(store, "coding_standards",
 *   () => writeFile("docs/style.md", `# Style\n\nUse ${probe} everywhere.`), probe);
 */
export async function measureEditToSearchable(
  store: KnowledgeStore,
  collection: string,
  write: () => Promise<void>,
  probe: string,
  opts: { timeoutMs?: number; intervalMs?: number; limit?: number } = {},
): Promise<number> {
  const { timeoutMs = 30_000, intervalMs = 5, limit = 10 } = opts;
  const t0 = performance.now();
  await write();
  for (;;) {
    const hits = await store.search(collection, probe, { limit });
    if (hits.some((h) => typeof h.payload.text === "string" && h.payload.text.includes(probe)))
      return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`"${probe}" not searchable in ${collection} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---- points of the corpus (bench-corpus.ts) -------------------------------------------

function pointsOf(texts: string[], prefix: number): KnowledgePoint[] {
  // Deterministic UUID-shaped ids: the bench has no need of v5 hashing.
  return texts.map((text, i) => ({
    id: `00000000-0000-4000-8${String(prefix).padStart(3, "0")}-${String(i).padStart(12, "0")}`,
    text,
    payload: { source: `docs/bench-${i % 50}.md`, tags: [`t${i % 7}`] },
  }));
}

// ---- measuring -------------------------------------------------------------------------

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Dense vectors computed before the clock starts, so (a) times the store, not an embedding model. */
function precomputedEmbedder(texts: string[], dimensions: number): Embedder {
  const random = rng(99);
  const table = new Map(texts.map((t) => [t, Array.from({ length: dimensions }, () => random() - 0.5)]));
  return {
    provider: "bench",
    model: "precomputed",
    dimensions,
    embed: async (batch) => batch.map((t) => table.get(t)!),
  };
}

export interface IngestFigures {
  variant: string;
  storePerSec: number;
  rawPerSec: number;
  ratio: number;
}
export interface QueryFigures {
  corpus: number;
  loadSec: number;
  p50Ms: number;
  p99Ms: number;
}
export interface BenchKnowledgeOptions {
  ingestChunks?: number;
  batch?: number;
  queries?: number;
  corpora?: number[];
  print?: (line: string) => void;
}

/** (a): the same batches through the store and through the bare client, alternating batch by batch so drift hits both. */
async function benchIngest(
  url: string,
  raw: QdrantClient,
  texts: string[],
  batch: number,
  embedder?: Embedder,
): Promise<IngestFigures> {
  const logger = createLogger({ name: "bench-knowledge", level: "warn" });
  const store = createKnowledgeStore({ url, logger, embedder });
  const tag = embedder ? "dense" : "sparse";
  await store.ensureCollections([`ingest_store_${tag}`, `ingest_raw_${tag}`]);
  const points = pointsOf(texts, embedder ? 2 : 1);
  let storeMs = 0;
  let rawMs = 0;
  for (let i = 0; i < points.length; i += batch) {
    const slice = points.slice(i, i + batch);
    const viaStore = async () => {
      const t0 = performance.now();
      await store.upsert(`ingest_store_${tag}`, slice);
      storeMs += performance.now() - t0;
    };
    const viaRaw = async () => {
      const t0 = performance.now();
      const dense = embedder ? await embedder.embed(slice.map((p) => p.text)) : undefined;
      await raw.upsert(`ingest_raw_${tag}`, {
        wait: true,
        points: slice.map((p, j) => ({
          id: p.id,
          vector: { bm25: { text: p.text, model: "qdrant/bm25" }, ...(dense ? { dense: dense[j]! } : {}) },
          payload: { ...p.payload, text: p.text },
        })),
      });
      rawMs += performance.now() - t0;
    };
    // Alternate which goes first, so neither always meets a busier server.
    if ((i / batch) % 2 === 0) {
      await viaStore();
      await viaRaw();
    } else {
      await viaRaw();
      await viaStore();
    }
  }
  const storePerSec = points.length / (storeMs / 1000);
  const rawPerSec = points.length / (rawMs / 1000);
  return {
    variant: embedder ? `BM25 + dense (${embedder.dimensions}-d, precomputed)` : "BM25 only",
    storePerSec,
    rawPerSec,
    ratio: storePerSec / rawPerSec,
  };
}

async function waitGreen(raw: QdrantClient, collection: string, expected: number): Promise<void> {
  for (;;) {
    const info = await raw.getCollection(collection);
    if (info.status === "green" && info.points_count === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** (b): load with the bare client (wait: false), wait for green, then time sequential store searches. */
async function benchQueries(url: string, raw: QdrantClient, corpus: number, queries: string[]): Promise<QueryFigures> {
  const store = createKnowledgeStore({ url, logger: createLogger({ name: "bench-knowledge", level: "warn" }) });
  const collection = `corpus_${corpus}`;
  await store.ensureCollections([collection]);
  const t0 = performance.now();
  const points = pointsOf(generateChunks(corpus, corpus), 3);
  for (let i = 0; i < points.length; i += 1000) {
    await raw.upsert(collection, {
      wait: false,
      points: points.slice(i, i + 1000).map((p) => ({
        id: p.id,
        vector: { bm25: { text: p.text, model: "qdrant/bm25" } },
        payload: { ...p.payload, text: p.text },
      })),
    });
  }
  await waitGreen(raw, collection, corpus);
  const loadSec = (performance.now() - t0) / 1000;
  for (const q of queries.slice(0, 20)) await store.search(collection, q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    await store.search(collection, q);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  await store.deleteCollection(collection);
  return { corpus, loadSec, p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
}

/** Starts a Qdrant in a temp dir, runs (a), (b) and one (c), prints the figures, stops it. */
export async function benchKnowledge(opts: BenchKnowledgeOptions = {}) {
  const {
    ingestChunks = 5_000,
    batch = 256,
    queries = 200,
    corpora = [10_000, 100_000],
    print = (line: string) => process.stdout.write(`${line}\n`),
  } = opts;
  const dir = mkdtempSync(join(tmpdir(), "flotilla-bench-knowledge-"));
  const server = await startQdrant({ dataDir: dir });
  try {
    const raw = new QdrantClient({ url: server.url, checkCompatibility: false });
    const version = ((await (await fetch(server.url)).json()) as { version?: string }).version ?? "?";
    print(
      `Knowledge store on Qdrant ${version} (local, temp dir) — ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}, Node ${process.version}`,
    );

    const texts = generateChunks(ingestChunks);
    const avg = Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length);
    print(
      `(a) ingest ${ingestChunks} chunks (300–800 chars, avg ${avg}) in batches of ${batch}, wait=true, ` +
        "store and bare client alternating per batch",
    );
    const ingest = [
      await benchIngest(server.url, raw, texts, batch),
      await benchIngest(server.url, raw, texts, batch, precomputedEmbedder(texts, 384)),
    ];
    for (const f of ingest) {
      print(
        `  ${f.variant.padEnd(38)} store.upsert ${f.storePerSec.toFixed(0).padStart(6)} chunks/s   ` +
          `bare client ${f.rawPerSec.toFixed(0).padStart(6)} chunks/s   ratio ${f.ratio.toFixed(2)}× (goal ≥ 0.8×)`,
      );
    }

    const qs = generateQueries(queries);
    print(
      `(b) BM25 query latency: ${queries} sequential store.search calls (limit 10, 2–4 words) after 20 warm-up; ` +
        "corpus loaded with wait=false, then status green",
    );
    const goals: Record<number, number> = { 10_000: 15, 100_000: 40 };
    const latency: QueryFigures[] = [];
    for (const corpus of corpora) {
      const f = await benchQueries(server.url, raw, corpus, qs);
      latency.push(f);
      const goal = goals[corpus] ? `   (goal p99 ≤ ${goals[corpus]} ms)` : "";
      print(
        `  ${corpus.toLocaleString("en-US").padStart(7)} chunks   load ${f.loadSec.toFixed(1).padStart(5)} s   ` +
          `p50 ${f.p50Ms.toFixed(2).padStart(6)} ms   p99 ${f.p99Ms.toFixed(2).padStart(6)} ms${goal}`,
      );
    }

    const store = createKnowledgeStore({
      url: server.url,
      logger: createLogger({ name: "bench-knowledge", level: "warn" }),
    });
    const probe = `zqxprobe${Date.now()}`;
    const editMs = await measureEditToSearchable(
      store,
      "ingest_store_sparse",
      () => store.upsert("ingest_store_sparse", pointsOf([`An edited paragraph mentioning ${probe}.`], 9)),
      probe,
    );
    print(
      `(c) edit→searchable with a direct store.upsert as the "edit": ${editMs.toFixed(1)} ms ` +
        "(the ingest package times its watcher with measureEditToSearchable)",
    );
    return { ingest, latency, editMs };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [chunks, queries, corpora] = process.argv.slice(2);
  await benchKnowledge({
    ingestChunks: Number(chunks) || undefined,
    queries: Number(queries) || undefined,
    corpora: corpora ? corpora.split(",").map(Number) : undefined,
  });
}
