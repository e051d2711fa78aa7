import { randomUUID } from "node:crypto";
import { headers } from "@nats-io/transport-node";
import type { IoTally } from "@flotilla/team-runtime";
import { LEDGER_SUBJECT } from "@flotilla/ledger";
import { BENCH, benchCollection, type BareClient } from "./baseline-setup.ts";
import type { IoProfile } from "./counters.ts";

/** Whole calls of a mean tally, and the mean size of one. */
const calls = (t: IoTally) => Math.round(t.calls);
const each = (t: IoTally, of: "bytes" | "items") => (t.calls > 0 ? Math.max(1, Math.round(t[of] / t.calls)) : 1);
const bytes = (n: number) => new TextEncoder().encode(JSON.stringify({ pad: "x".repeat(Math.max(0, n - 10)) }));

/** The KV key a lane reads and writes, and the revision it last wrote there. */
interface Lane {
  key: string;
  revision: number;
}
type Replay = (c: BareClient, target: string, t: IoTally, lane: Lane) => Promise<void>;

/** How the bare client does each kind of round trip the fleet counted, one after the other. */
const REPLAY: Record<string, Replay> = {
  "nats.publish": async (c, _target, t) => {
    const body = bytes(each(t, "bytes"));
    for (let i = 0; i < calls(t); i++) await c.js.publish(`${BENCH.subject}.p`, body, { msgID: randomUUID() });
  },
  "nats.notify": async (c, _target, t) => {
    const body = bytes(each(t, "bytes"));
    for (let i = 0; i < calls(t); i++) {
      const h = headers();
      h.set("Nats-Msg-Id", randomUUID());
      c.nc.publish(`${BENCH.subject}.n`, body, { headers: h });
    }
  },
  // A delivery is a pull answered with one message; its ack waits for the server, as the bus's does.
  // The ledger's consumer pulls a burst at once and acks without waiting (@flotilla/ledger).
  "nats.deliver": async (c, target, t) => {
    if (target === LEDGER_SUBJECT) {
      for await (const m of await c.consumer.fetch({ max_messages: calls(t), expires: 2_000 })) m.ack();
      return;
    }
    for (let i = 0; i < calls(t); i++) {
      for await (const m of await c.consumer.fetch({ max_messages: 1, expires: 2_000 })) await m.ackAck();
    }
  },
  "nats.kv.get": async (c, _target, t, lane) => {
    for (let i = 0; i < calls(t); i++) await c.kv.get(lane.key);
  },
  "nats.kv.put": async (c, _target, t) => {
    for (let i = 0; i < calls(t); i++) await c.kv.put(`put-${i % 8}`, bytes(each(t, "bytes")));
  },
  "nats.kv.update": async (c, _target, t, lane) => {
    const value = bytes(each(t, "bytes"));
    for (let i = 0; i < calls(t); i++) lane.revision = await c.kv.update(lane.key, value, lane.revision);
  },
  // A write naming a revision already gone: refused, as a write that met another writer is.
  "nats.kv.conflict": async (c, _target, t, lane) => {
    for (let i = 0; i < calls(t); i++) await c.kv.update(lane.key, bytes(10), lane.revision - 1).catch(() => undefined);
  },
  "nats.kv.keys": async (c, _target, t) => {
    for (let i = 0; i < calls(t); i++) for await (const key of await c.kv.keys()) void key;
  },
  "nats.obj.put": async (c, _target, t) => {
    const data = bytes(each(t, "bytes"));
    for (let i = 0; i < calls(t); i++) await c.objects.putBlob({ name: `o${i % 8}` }, data);
  },
  "nats.obj.get": async (c, _target, t) => {
    for (let i = 0; i < calls(t); i++) await c.objects.getBlob(`g${i % 8}`);
  },
  "nats.obj.info": async (c, _target, t) => {
    for (let i = 0; i < calls(t); i++) await c.objects.info(`g${i % 8}`);
  },
  "nats.obj.list": async (c, _target, t) => {
    for (let i = 0; i < calls(t); i++) await c.objects.list();
  },
  "qdrant.list": async (c, target, t) => {
    for (let i = 0; i < calls(t); i++) await c.knowledge.list(target, {}, each(t, "items"));
  },
  "qdrant.retrieve": async (c, target, t) => {
    for (let i = 0; i < calls(t); i++) await c.knowledge.retrieve(target, [randomUUID()]);
  },
  "qdrant.count": async (c, target, t) => {
    for (let i = 0; i < calls(t); i++) await c.knowledge.count(target);
  },
  "qdrant.delete": async (c, target, t) => {
    for (let i = 0; i < calls(t); i++) await c.knowledge.deletePoints(benchCollection(target), [randomUUID()]);
  },
};

/** The order of the replay: deliveries after the publishes that fill the bench stream. */
const ORDER = Object.keys(REPLAY).sort((a, b) => Number(a === "nats.deliver") - Number(b === "nats.deliver"));

/** Searches and upserts go out as the runtime sends them: one per collection at a time, all collections at once. */
async function inRounds(
  io: Record<string, IoTally>,
  op: string,
  one: (collection: string, t: IoTally) => Promise<void>,
) {
  const left = Object.entries(io)
    .filter(([key]) => key.startsWith(`${op} `))
    .map(([key, t]) => ({ collection: key.slice(op.length + 1), t, n: calls(t) }));
  while (left.some((l) => l.n > 0)) {
    await Promise.all(left.filter((l) => l.n-- > 0).map((l) => one(l.collection, l.t)));
  }
}

/**
 * The ledger's part of a task's I/O — the deliveries of its model calls' metrics and their folds
 * into KV `ledger` — which leadership does beside the workflow, off the task's path.
 */
const ofLedger = (key: string) =>
  ((key.startsWith("nats.deliver ") || key.startsWith("nats.ack ")) && key.endsWith(` ${LEDGER_SUBJECT}`)) ||
  (key.startsWith("nats.kv.") && key.endsWith(" ledger"));

/** One lane's round trips, kind after kind, each kind's one after the other. */
async function replayLane(c: BareClient, io: Record<string, IoTally>, lane: Lane, did: Record<string, number>) {
  for (const op of ORDER) {
    for (const [key, t] of Object.entries(io)) {
      if (!key.startsWith(`${op} `)) continue;
      await REPLAY[op]!(c, key.slice(op.length + 1), t, lane);
      did[op] = (did[op] ?? 0) + calls(t);
    }
  }
}

/**
 * A bare client doing exactly the I/O one task did in the fleet (its profile, in whole calls of
 * the mean sizes): the same publishes (and unacknowledged notifies), deliveries with their acks,
 * KV reads and revision-checked writes (and refused ones), object puts and gets, Qdrant upserts,
 * searches and listings per collection — with no validation, workflow, model or git in between.
 * What the fleet overlaps, it overlaps: the ledger's share runs beside the rest, as leadership
 * folds beside the workflow; Qdrant upserts and searches go out one per collection, all
 * collections at once, as a step sends them. Returns the milliseconds it took, and the calls it
 * made by kind (to print beside the fleet's).
 */
export async function bareClient(c: BareClient, p: IoProfile): Promise<{ ms: number; did: Record<string, number> }> {
  const did: Record<string, number> = {};
  // What the reads find, written beforehand: objects of the size the fleet read, the KV values.
  const read = Object.entries(p.io).find(([key]) => key.startsWith("nats.obj.get "))?.[1];
  for (let i = 0; i < 8; i++) await c.objects.putBlob({ name: `g${i}` }, bytes(read ? each(read, "bytes") : 100));
  const lanes = { workflow: { key: "value", revision: 0 }, ledger: { key: "ledger", revision: 0 } };
  for (const lane of Object.values(lanes)) lane.revision = await c.kv.put(lane.key, bytes(100));
  const ledger = Object.fromEntries(Object.entries(p.io).filter(([key]) => ofLedger(key)));
  const workflow = Object.fromEntries(Object.entries(p.io).filter(([key]) => !ofLedger(key)));

  const started = performance.now();
  await Promise.all([
    replayLane(c, ledger, lanes.ledger, did),
    (async () => {
      await replayLane(c, workflow, lanes.workflow, did);
      await inRounds(p.io, "qdrant.upsert", async (collection, t) => {
        const points = Array.from({ length: each(t, "items") }, (_, i) => ({
          id: randomUUID(),
          text: `bench ${collection} ${i}: the agent approves the candidate, with a rationale and suggestions`,
          payload: { kind: "bench", i },
        }));
        await c.knowledge.upsert(benchCollection(collection), points);
        did["qdrant.upsert"] = (did["qdrant.upsert"] ?? 0) + 1;
      });
      await inRounds(p.io, "qdrant.search", async (collection) => {
        const query = "add a helper: retrieval of the principles for this step";
        await c.knowledge.search(collection, query, { limit: 4 }).catch(() => []); // skipped when missing, as the fleet does
        did["qdrant.search"] = (did["qdrant.search"] ?? 0) + 1;
      });
    })(),
  ]);
  await c.nc.flush(); // the notifies are on the server
  return { ms: performance.now() - started, did };
}
