import { randomUUID } from "node:crypto";
import { CURRENT_VERSION } from "./versions.ts";
import type { Sender } from "./envelope.ts";

export interface EnvelopeInput {
  sender: Sender;
  /** Deterministic ids keep re-publishes idempotent; random when omitted. */
  message_id?: string;
  correlation_id?: string;
  parent_task_id?: string | null;
  trace_id?: string;
}

/** The standard headers of a new message. */
export function envelope(input: EnvelopeInput) {
  const message_id = input.message_id ?? randomUUID();
  return {
    message_version: CURRENT_VERSION,
    message_id,
    timestamp: new Date().toISOString(),
    correlation_id: input.correlation_id ?? message_id,
    parent_task_id: input.parent_task_id ?? null,
    trace_id: input.trace_id ?? randomUUID(),
    sender: input.sender,
  };
}
