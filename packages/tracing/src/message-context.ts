import { ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Attributes, type Context } from "@opentelemetry/api";
import { logFields, withLogFields } from "@flotilla/log";
import { endAfter, tracer } from "./spans.ts";
import { formatTraceparent, parseTraceparent, randomSpanId, w3cTraceId } from "./w3c.ts";

/** What a received message says about its trace. */
export interface MessageTrace {
  /** Flotilla's trace id: the envelope's `trace_id`, or what the bus made of the headers. */
  traceId: string;
  /** The message's `traceparent` header, when it came with one. */
  traceparent?: string;
  taskId?: string;
}

/**
 * The remote parent a message's spans hang from. Its traceparent counts only when it is of the
 * same trace as `traceId` (the id of record wins). Without one, a made-up parent span id carries
 * the trace id: the OTel API has no other way to start a span in a trace chosen beforehand.
 */
function remoteParent(t: MessageTrace): Context {
  const traceId = w3cTraceId(t.traceId);
  const parent = parseTraceparent(t.traceparent);
  const same = parent?.traceId === traceId ? parent : undefined;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: same?.spanId ?? randomSpanId(),
    traceFlags: same && !same.sampled ? TraceFlags.NONE : TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/**
 * Runs the handling of one received message (or other work about a task: the watchdog's) in its
 * trace: every log line inside carries its `trace_id` (and `task_id`), and the span `name` (with
 * the SDK started) is a child of the sender's span, so all processes' spans of a task share one
 * trace. The span is a consumer span unless `kind` says otherwise.
 */
export function inMessageContext<T>(
  t: MessageTrace,
  span: { name: string; attributes?: Attributes; kind?: "consumer" | "internal" },
  fn: () => Promise<T>,
): Promise<T> {
  return withLogFields({ trace_id: t.traceId, task_id: t.taskId }, () =>
    tracer().startActiveSpan(
      span.name,
      { kind: span.kind === "internal" ? SpanKind.INTERNAL : SpanKind.CONSUMER, attributes: span.attributes ?? {} },
      remoteParent(t),
      (active) => endAfter(active, fn),
    ),
  );
}

/** Flotilla's trace id of the message being handled here, if any. */
export const currentTraceId = (): string | undefined => logFields().trace_id;

/**
 * The `traceparent` of a message published now in trace `traceId`: the current span as its
 * parent when it is of that trace, else a fresh span id (no SDK, or published outside a handler).
 */
export function traceparentFor(traceId: string): string {
  const w3c = w3cTraceId(traceId);
  const active = trace.getActiveSpan()?.spanContext();
  const here = active?.traceId === w3c ? active : undefined;
  return formatTraceparent({
    traceId: w3c,
    spanId: here?.spanId ?? randomSpanId(),
    sampled: here ? (here.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED : true,
  });
}
