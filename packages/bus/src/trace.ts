import { MAX } from "@flotilla/contracts";
import { inMessageContext, parseTraceparent, TRACEPARENT } from "@flotilla/tracing";
import { taskIdOf } from "./park.ts";
import { HEADER } from "./publish.ts";

/** A value that can be a trace id of record (it goes into envelopes, which bound it). */
const id = (v: unknown) => (typeof v === "string" && v.length > 0 && v.length <= MAX.id ? v : undefined);

/**
 * The trace a received message belongs to: its `Flotilla-Trace-Id` header, its envelope's
 * `trace_id`, the trace id of its `traceparent` (a raw request traced by its sender), or else its
 * own `message_id` — the id leadership then keeps for the task, so the first log line of a task's
 * handling already carries the trace all of its messages will.
 */
export function traceOf(
  headers: Record<string, string>,
  body: { trace_id?: unknown; message_id?: unknown },
): string | undefined {
  return (
    id(headers[HEADER.traceId]) ??
    id(body.trace_id) ??
    parseTraceparent(headers[TRACEPARENT])?.traceId ??
    id(body.message_id)
  );
}

/** A received message, as its trace sees it. */
export interface ReceivedTrace {
  team: string;
  subject: string;
  deliveryCount: number;
  /** From `traceOf`. */
  traceId: string;
  headers: Record<string, string>;
  message: { message_id: string; parent_task_id?: string | null };
}

/**
 * Runs the handling of a received message in its trace: log lines carry its trace and task, and
 * a `process <subject>` span (a child of the sender's, from its traceparent) encloses the handler.
 */
export function inTraceOf<T>(r: ReceivedTrace, fn: () => Promise<T>): Promise<T> {
  const taskId = taskIdOf(r.message) ?? r.message.parent_task_id ?? undefined;
  const attributes = {
    "messaging.system": "nats",
    "messaging.destination.name": r.subject,
    "messaging.message.id": r.message.message_id,
    "flotilla.team": r.team,
    "flotilla.task_id": taskId,
    "flotilla.delivery_count": r.deliveryCount,
  };
  const trace = { traceId: r.traceId, traceparent: r.headers[TRACEPARENT], taskId };
  return inMessageContext(trace, { name: `process ${r.subject}`, attributes }, fn);
}
