import { wellFormedText } from "@flotilla/contracts";

/**
 * Deepest payload we send: Qdrant's JSON reader stops at 128 levels (our request wraps the
 * payload in a few more), and walking anything deeper risks our own stack.
 */
export const MAX_PAYLOAD_DEPTH = 100;

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * `value` with every string, keys included, well-formed (a lone surrogate becomes U+FFFD): Qdrant
 * answers 400 to the whole request for one lone surrogate, and a task text may arrive with one.
 * Throws when the value nests deeper than MAX_PAYLOAD_DEPTH.
 *
 * @example
 * wellFormedJson({ text: "page \ud83d" }) // { text: "page \ufffd" }
 */
export function wellFormedJson<T>(value: T, depth = 0): T {
  if (typeof value === "string") return wellFormedText(value) as T;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_PAYLOAD_DEPTH) throw new Error(`payload nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((v: unknown) => wellFormedJson(v, depth + 1)) as T;
  // Dates and other objects with their own toJSON are left for JSON.stringify.
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [wellFormedText(k), wellFormedJson(v, depth + 1)]),
  ) as T;
}
