import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import type { IoTally } from "@flotilla/team-runtime";
import { byTarget, callsOf, type IoProfile } from "./counters.ts";

/** A mean count: one decimal at most (sums of tenths are not always whole). */
const n = (x: number) => String(Number(x.toFixed(1)));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const sum = (rows: Array<[string, IoTally]>, of: "bytes" | "items") => rows.reduce((s, [, t]) => s + t[of], 0);

/** `total (a 3, b 2)` of one operation, its targets largest first. */
function split(io: Record<string, IoTally>, op: string): string {
  const rows = byTarget(io, op);
  return `${n(callsOf(io, op))}${rows.length ? ` (${rows.map(([target, t]) => `${target} ${n(t.calls)}`).join(", ")})` : ""}`;
}

/** One task's I/O, line by line: what `scripts/flotilla bench` prints, and docs/benchmarks.md explains. */
export function profileLines(p: IoProfile): string[] {
  const { io } = p;
  const upserts = byTarget(io, "qdrant.upsert");
  const lists = byTarget(io, "qdrant.list");
  return [
    `per task I/O (mean of ${p.tasks} tasks, counted in every team process):`,
    `  JetStream publishes (acked) ${split(io, "nats.publish")}`,
    `  notifies (not acked) ${split(io, "nats.notify")}`,
    `  deliveries ${split(io, "nats.deliver")}; acks ${n(callsOf(io, "nats.ack"))}, pulls ${n(callsOf(io, "nats.pull"))}`,
    `  object store: puts ${split(io, "nats.obj.put")} ${kb(sum(byTarget(io, "nats.obj.put"), "bytes"))}; ` +
      `gets ${split(io, "nats.obj.get")} ${kb(sum(byTarget(io, "nats.obj.get"), "bytes"))}; ` +
      `info ${n(callsOf(io, "nats.obj.info"))}`,
    `  KV: gets ${split(io, "nats.kv.get")}; puts ${split(io, "nats.kv.put")}; ` +
      `revision-checked writes ${split(io, "nats.kv.update")}; refused (CAS retries) ${split(io, "nats.kv.conflict")}`,
    `  Qdrant upserts ${split(io, "qdrant.upsert")}, ${n(sum(upserts, "items"))} points`,
    `  Qdrant searches ${split(io, "qdrant.search")}`,
    `  Qdrant scroll pages ${split(io, "qdrant.list")} (${n(sum(lists, "items"))} points read); ` +
      `retrieves ${split(io, "qdrant.retrieve")}; counts ${n(callsOf(io, "qdrant.count"))}`,
    `  timed in the teams besides I/O: git and clones ${p.workMs.repository.toFixed(0)} ms, ` +
      `sandboxed runs ${p.workMs.sandbox.toFixed(0)} ms` +
      `${p.sandboxCpuMs === undefined ? "" : ` (their CPU time ${p.sandboxCpuMs.toFixed(0)} ms)`}, ` +
      `model calls ${p.workMs.model.toFixed(0)} ms`,
  ];
}

/** The whole calls of each kind the bare client made, beside the fleet's mean. */
export function bareLine(p: IoProfile, did: Record<string, number>): string {
  const kinds = Object.keys(did).sort();
  const pairs = kinds.map((k) => `${k.replace(/^(nats|qdrant)\./, "")} ${did[k]}/${n(callsOf(p.io, k))}`);
  return `bare client per run: ${pairs.join(", ")} (made/counted)`;
}

/** What the processes did outside any task while the tasks ran: health reports, idle pulls. */
export function outsideLine(o: { io: Record<string, IoTally>; seconds: number }): string {
  const perSecond = (calls: number) => (calls / Math.max(o.seconds, 1e-3)).toFixed(1);
  const rate = (op: string) => perSecond(callsOf(o.io, op));
  const top = (op: string) =>
    byTarget(o.io, op)
      .slice(0, 3)
      .map(([target, t]) => `${target} ${perSecond(t.calls)}`)
      .join(", ");
  return (
    `outside any task (all processes, per second): publishes ${rate("nats.publish")} (${top("nats.publish")}), ` +
    `pulls ${rate("nats.pull")} (${top("nats.pull")}), KV gets ${rate("nats.kv.get")}, KV keys ${rate("nats.kv.keys")}, ` +
    `Qdrant searches ${rate("qdrant.search")}`
  );
}

/** The machine's load averages: figures taken beside other work are not an idle machine's. */
export function loadNow(): string {
  const [one = "?", five = "?"] = readFileSync("/proc/loadavg", "utf8").split(" ");
  return `load ${one} (1 min), ${five} (5 min) on ${cpus().length} cores`;
}

interface Overhead {
  fleetMs: number;
  workMs: number;
  modelMs: number;
  orchestrationMs: number;
  bareMs: number;
}

/** The zero-latency comparison: a task's time without its real work, next to the bare client's. */
export function overheadLine(o: Overhead, tasks: number): string {
  return (
    `orchestration, zero latency: fleet ${o.fleetMs.toFixed(0)} ms/task (median of ${tasks}), of which git and ` +
    `sandbox ${o.workMs.toFixed(0)} ms and simulated model calls ${o.modelMs.toFixed(0)} ms → orchestration ` +
    `${o.orchestrationMs.toFixed(0)} ms vs bare client ` +
    `${o.bareMs.toFixed(0)} ms for the same I/O (run after each task) → ratio ` +
    `${(o.orchestrationMs / o.bareMs).toFixed(2)} ` +
    `(with the real work left in: ${(o.fleetMs / o.bareMs).toFixed(2)})`
  );
}

interface Latency {
  wallMs: number;
  modelMs: number;
  workMs: number;
  criticalMs: number;
  ratio: number;
}

/** The latency-bound comparison: wall time next to the model latency and real work on the critical path. */
export function latencyLine(l: Latency, latency: number): string {
  return (
    `latency ${latency} ms/call: task wall ${l.wallMs.toFixed(0)} ms vs critical path ${l.criticalMs.toFixed(0)} ms ` +
    `(model calls ${l.modelMs.toFixed(0)} ms + git and sandbox ${l.workMs.toFixed(0)} ms) → ratio ${l.ratio.toFixed(2)}` +
    ` (model latency alone: ${(l.wallMs / l.modelMs).toFixed(2)})`
  );
}
