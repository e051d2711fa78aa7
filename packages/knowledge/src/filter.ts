import type { Schemas } from "@qdrant/js-client-rest";

/** Exact-match filter on payload keys, as the store's callers write it. */
export type PayloadFilter = Record<string, string | number | boolean>;

/**
 * `{ team: "qa", kind: "vote" }` → every key must match exactly. Undefined when empty, so
 * requests for "everything" carry no filter at all.
 *
 * @example
 * toQdrantFilter({ team: "qa" }) // { must: [{ key: "team", match: { value: "qa" } }] }
 */
export function toQdrantFilter(filter: PayloadFilter | undefined): Schemas["Filter"] | undefined {
  const entries = Object.entries(filter ?? {});
  if (entries.length === 0) return undefined;
  return { must: entries.map(([key, value]) => ({ key, match: { value } })) };
}
