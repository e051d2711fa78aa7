import { createHash, randomFillSync } from "node:crypto";

/** The W3C Trace Context header (https://www.w3.org/TR/trace-context/). */
export const TRACEPARENT = "traceparent";

/** A parsed `traceparent`: 32 hex trace id, 16 hex parent span id, sampled flag. */
export interface TraceParent {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const HEX32 = /^[0-9a-f]{32}$/;
const ZERO32 = "0".repeat(32);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The W3C trace id of a Flotilla trace id, the same every time: a UUID without its dashes, a
 * 32-hex id as it is (so a W3C trace id given as `trace_id` is kept), anything else the first
 * 32 hex of its sha256. Flotilla's `trace_id` stays the id of record; this is its OTel face.
 *
 * @example
 * w3cTraceId("0af7651b-16cd-43dd-8448-eb211c80319c"); // "0af7651b16cd43dd8448eb211c80319c"
 */
export function w3cTraceId(traceId: string): string {
  const lower = traceId.toLowerCase();
  const hex = UUID.test(lower) ? lower.replaceAll("-", "") : lower;
  if (HEX32.test(hex) && hex !== ZERO32) return hex;
  return createHash("sha256").update(traceId).digest("hex").slice(0, 32);
}

/** Random bytes drawn 4 kB at a time: every message sent gets a span id, and one draw each cost more. */
const pool = Buffer.alloc(4_096);
let used = pool.length;

/** A fresh span id: 16 hex, never all zeros. */
export function randomSpanId(): string {
  for (;;) {
    if (used + 8 > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    const id = pool.toString("hex", used, (used += 8));
    if (id !== "0".repeat(16)) return id;
  }
}

/** `00-<trace-id>-<span-id>-<flags>`, version 00. */
export function formatTraceparent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.spanId}-${parent.sampled ? "01" : "00"}`;
}

const TRACEPARENT_FORMAT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Reads a `traceparent` header; undefined when it is not a valid one (the spec says to ignore
 * it then). Versions after 00 may append fields, which are skipped; version ff is invalid.
 */
export function parseTraceparent(header: string | undefined): TraceParent | undefined {
  const match = TRACEPARENT_FORMAT.exec(header?.trim().toLowerCase() ?? "");
  if (!match) return undefined;
  const [, version, traceId = "", spanId = "", flags = "00", rest] = match;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (traceId === ZERO32 || spanId === "0".repeat(16)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}
