import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busInternals } from "@flotilla/bus/internals";
import { TEAMS } from "@flotilla/contracts";
import { parseTraceparent, w3cTraceId } from "@flotilla/tracing";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver.ts";
import { RawNats } from "../support/raw-nats.ts";

// One task's trace end to end: messages, every team's log lines and OpenTelemetry spans.
let fleet: Fleet;
let raw: RawNats;
let otlp: OtlpReceiver;

/** What the assertions read of a message: where it belongs and which trace it says. */
interface Body {
  task_id?: string;
  trace_id?: string;
  parent_task_id?: string | null;
  correlation_id?: string;
  workflow?: { task_id?: string };
  dlq_metadata?: { task_id?: string };
}
const seen: Array<{ subject: string; headers: Record<string, string>; body: Body }> = [];

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  fleet = await startFleet({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url } });
  // Every message on every subject, with its headers (admin may read anything).
  busInternals(fleet.bus).nc.subscribe(">", {
    callback: (err, m) => {
      if (err || m.subject.startsWith("$") || m.subject.startsWith("_INBOX")) return;
      try {
        const headers = Object.fromEntries([...(m.headers?.keys() ?? [])].map((k) => [k, m.headers!.get(k)]));
        seen.push({ subject: m.subject, headers, body: JSON.parse(m.string()) as Body });
      } catch {
        // not JSON: not a message of ours
      }
    },
  });
  await fleet.bus.flush();
  raw = await RawNats.open(fleet.env.NATS_URL!, fleet.credentials.nats.client);
}, 180_000);
afterAll(async () => {
  raw?.close();
  await fleet?.stop();
  await otlp?.close();
});

const example = () => ({
  ...JSON.parse(readFileSync(join(ROOT, "examples/task-request.json"), "utf8")),
  message_id: randomUUID(),
});
const waitFor = async <T>(what: string, find: () => T | undefined, ms = 90_000): Promise<T> => {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 100))) {
    const found = find();
    if (found) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};
const taskOf = (b: Body) => b.workflow?.task_id ?? b.task_id ?? b.parent_task_id ?? b.dlq_metadata?.task_id;

/** Publishes a raw request and waits for its outcome; then a moment for the messages that trail it (metrics). */
async function runTask(correlation: string, request: object, headers?: Record<string, string>): Promise<string> {
  raw.publish("system.task.request", JSON.stringify({ ...request, correlation_id: correlation }), headers);
  const done = await waitFor(`${correlation} to complete`, () =>
    seen.find((m) => m.subject === "system.task.completed" && m.body.correlation_id === correlation),
  );
  await new Promise((r) => setTimeout(r, 1_500));
  return done.body.task_id!;
}

/** Every message of the task, each with the same trace in its envelope and both trace headers. */
function expectOneTrace(taskId: string, traceId: string): string[] {
  const mine = seen.filter((m) => taskOf(m.body) === taskId && m.subject !== "system.task.request");
  for (const m of mine) {
    const where = `${m.subject} ${JSON.stringify(m.body).slice(0, 200)}`;
    expect(m.body.trace_id, where).toBe(traceId);
    expect(m.headers["Flotilla-Trace-Id"], where).toBe(traceId);
    expect(parseTraceparent(m.headers.traceparent)?.traceId, where).toBe(w3cTraceId(traceId));
  }
  return [...new Set(mine.map((m) => m.subject.replace(/\.(high|medium|low)$/, "")))].sort();
}

/** The JSON lines of a team's log (the fleet pipes each process's stderr there). */
const logLines = (team: string) =>
  readFileSync(join(fleet.dir, `${team}.log`), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { trace_id?: string; task_id?: string; msg?: string });

const TRACE = randomUUID();
let taskA = "";
const SENDER = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
let taskB = "";

describe("a raw-NATS TaskRequest's trace", () => {
  it("is on every message of its task, in the envelope and in the Flotilla-Trace-Id and traceparent headers", async () => {
    taskA = await runTask("trace-a", { ...example(), trace_id: TRACE });
    const subjects = expectOneTrace(taskA, TRACE);
    // Workflow requests and results, progress, completions, model metrics and the outcome.
    for (const subject of [
      "leadership.plan.requested",
      "development.task.assigned",
      "development.code.ready",
      "qa.test.requested",
      "qa.approved",
      "documentation.complete",
      "devops.deployed",
      "system.task.progress",
      "metrics.workflow.progress",
      "team.qa.completion",
      "metrics.agent.development.openai_coder",
      "system.task.completed",
    ])
      expect(subjects).toContain(subject);
  });

  it("is on every team's log lines of the task, and no line about the task has another", () => {
    for (const team of TEAMS) {
      const lines = logLines(team);
      expect(lines.filter((l) => l.trace_id === TRACE).length, team).toBeGreaterThan(0);
      for (const line of lines.filter((l) => l.task_id === taskA))
        expect(line.trace_id, `${team}: ${line.msg}`).toBe(TRACE);
      for (const line of lines.filter((l) => l.trace_id === TRACE))
        expect(line.task_id ?? taskA, `${team}: ${line.msg}`).toBe(taskA);
    }
  });

  it("is the traceparent's when the request carries only a W3C traceparent header", async () => {
    const { trace_id: _none, ...request } = example();
    const traceparent = `00-${SENDER.traceId}-${SENDER.spanId}-01`;
    taskB = await runTask("trace-b", request, { traceparent });
    expectOneTrace(taskB, SENDER.traceId);
  });
});

describe("with OTEL_EXPORTER_OTLP_ENDPOINT set", () => {
  const STEPS = [
    ["leadership", "plan"],
    ["development", "implement"],
    ["qa", "test"],
    ["documentation", "document"],
    ["devops", "deploy"],
    ["leadership", "signoff"],
  ] as const;
  const ofTrace = (traceId: string) => otlp.spans.filter((s) => s.traceId === w3cTraceId(traceId));

  it("every team exports a span per step, model calls as its children, all in the task's trace (flushed at shutdown)", async () => {
    expect(taskA, "the first test ran").not.toBe("");
    // A team flushes its batch when it stops: stopping them all delivers every span.
    await Promise.all(TEAMS.map((team) => fleet.kill(team)));
    const spans = ofTrace(TRACE);
    expect(spans.length, otlp.requests.join("\n")).toBeGreaterThan(0);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const [team, step] of STEPS) {
      const steps = spans.filter((s) => s.name === `${team} ${step}`);
      expect(steps.length, `${team} ${step}`).toBeGreaterThan(0);
      for (const span of steps) {
        expect(span.service).toBe(`flotilla-${team}`);
        expect(span.attributes).toMatchObject({
          "flotilla.task_id": taskA,
          "flotilla.team": team,
          "flotilla.step": step,
        });
        expect(span.attributes["flotilla.vote.outcome"]).toBeDefined();
        // Hung from the message's span in the same process, which hangs from its sender's.
        const parent = byId.get(span.parentSpanId ?? "");
        expect(parent?.name, `${team} ${step}'s parent`).toMatch(/^process /);
        const models = spans.filter((s) => s.parentSpanId === span.spanId && s.name.startsWith("model "));
        expect(models.length, `model calls of ${team} ${step}`).toBeGreaterThan(0);
        for (const model of models) {
          expect(model.service).toBe(`flotilla-${team}`);
          expect(model.attributes).toMatchObject({ "flotilla.ok": true, "flotilla.task_id": taskA });
          expect(model.attributes["flotilla.agent"]).toBeTypeOf("string");
        }
      }
    }
    // Across processes: a step's message span is the child of a span of the process that sent it.
    const linked = spans.filter((s) => s.name.startsWith("process ") && byId.has(s.parentSpanId ?? ""));
    expect(new Set(linked.map((s) => s.service)).size).toBe(TEAMS.length);
  });

  it("the traceparent of a raw request is the parent of leadership's intake span", () => {
    const intake = ofTrace(SENDER.traceId).find((s) => s.name === "process system.task.request");
    expect(intake?.parentSpanId).toBe(SENDER.spanId);
    expect(ofTrace(SENDER.traceId).some((s) => s.name === "leadership signoff")).toBe(true);
  });
});
