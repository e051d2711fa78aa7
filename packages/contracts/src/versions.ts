import { z } from "zod";
import { MESSAGES, type MessageName } from "./messages/index.ts";
import { catalogueEntry } from "./subjects.ts";
import type { DlqReason } from "./messages/operations.ts";

export const CURRENT_VERSION = "1.0";

type Raw = Record<string, unknown>;
/** Upgrades a message of one older version to the next one. */
type Upgrader = { from: string; to: string; upgrade: (raw: Raw) => Raw };

/**
 * Older versions we still accept, per message. Version 0.9 of TaskRequest was flat
 * (`description`, `requirements`, `priority` at the top); 1.0 nests them under `task`.
 */
const UPGRADERS: Partial<Record<MessageName, Upgrader[]>> = {
  TaskRequest: [
    {
      from: "0.9",
      to: "1.0",
      upgrade: ({ description, requirements, priority, ...rest }) => ({
        ...rest,
        message_version: "1.0",
        task: { description, requirements, priority },
      }),
    },
  ],
};

/** Deepest nesting a message may have: ours need a dozen levels; deeper JSON overflows the stack of whoever walks it. */
export const MAX_JSON_DEPTH = 64;

/** Whether valid JSON `text` nests arrays and objects deeper than `limit` (a scan, no recursion). */
function deeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash skips the character it escapes; a quote ends the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export type Decoded<T = unknown> =
  | { ok: true; name: MessageName; message: T; upgradedFrom?: string }
  | { ok: false; reason: DlqReason; detail: string; raw: string };

/** Known versions of a message: the current one plus every upgrader's source. */
export function knownVersions(name: MessageName): string[] {
  return [CURRENT_VERSION, ...(UPGRADERS[name] ?? []).map((u) => u.from)];
}

function upgrade(name: MessageName, raw: Raw): { raw: Raw; from?: string } | undefined {
  const from = String(raw.message_version);
  let current = raw;
  for (let guard = 0; String(current.message_version) !== CURRENT_VERSION; guard++) {
    const step = (UPGRADERS[name] ?? []).find((u) => u.from === String(current.message_version));
    if (!step || guard > 10) return undefined;
    current = step.upgrade(current);
  }
  return { raw: current, from: from === CURRENT_VERSION ? undefined : from };
}

/** Validates bytes received on `subject` against the catalogue: JSON, version, then schema. */
export function decode<T = unknown>(subject: string, data: Uint8Array | string): Decoded<T> {
  const text = typeof data === "string" ? data : new TextDecoder().decode(data);
  const entry = catalogueEntry(subject);
  if (!entry)
    return { ok: false, reason: "unknown_subject", detail: `no catalogue entry for subject ${subject}`, raw: text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: "invalid_json", detail: `not valid JSON: ${(err as Error).message}`, raw: text };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: "schema_violation", detail: "a message must be a JSON object", raw: text };
  }
  if (deeperThan(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      reason: "schema_violation",
      detail: `JSON nested deeper than ${MAX_JSON_DEPTH} levels (arrays and objects within each other)`,
      raw: text,
    };
  }
  const version = (json as Raw).message_version;
  if (typeof version !== "string") {
    return {
      ok: false,
      reason: "schema_violation",
      detail: 'message_version is missing (expected a string such as "1.0")',
      raw: text,
    };
  }
  const up = upgrade(entry.message, json as Raw);
  if (!up) {
    return {
      ok: false,
      reason: "unknown_version",
      detail: `${entry.message} message_version ${version} is not supported (known: ${knownVersions(entry.message).join(", ")})`,
      raw: text,
    };
  }
  const parsed = MESSAGES[entry.message].safeParse(up.raw);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "schema_violation",
      detail: `${entry.message}: ${z.prettifyError(parsed.error)}`,
      raw: text,
    };
  }
  return { ok: true, name: entry.message, message: parsed.data as T, upgradedFrom: up.from };
}

/** Validates an outgoing message against the schema the catalogue names for `subject`. */
export function validateOutgoing(subject: string, message: unknown): unknown {
  const entry = catalogueEntry(subject);
  if (!entry) throw new Error(`no catalogue entry for subject ${subject}`);
  const parsed = MESSAGES[entry.message].safeParse(message);
  if (!parsed.success)
    throw new Error(`refusing to publish an invalid ${entry.message} on ${subject}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
