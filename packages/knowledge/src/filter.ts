import type { Schemas } from "@qdrant/js-client-rest";
import { wellFormedJson } from "./well-formed.ts";

/**
 * A payload filter as the store's callers write it: every key must match. A scalar matches
 * exactly; a list matches any of its values — on a list payload field (`tags`) that means the
 * point has at least one of them. An empty list matches nothing.
 *
 * @example
 * { team: "qa", kind: "vote" }          // team is "qa" and kind is "vote"
 * { source: "docs/style.md", tags: ["api", "naming"] } // that file, tagged api or naming (or both)
 */
export type PayloadFilter = Record<string, string | number | boolean | string[] | number[]>;

/**
 * The Qdrant filter for a PayloadFilter; undefined when empty, so requests for "everything"
 * carry no filter at all.
 *
 * @example
 * toQdrantFilter({ team: "qa" })        // { must: [{ key: "team", match: { value: "qa" } }] }
 * toQdrantFilter({ tags: ["a", "b"] })  // { must: [{ key: "tags", match: { any: ["a", "b"] } }] }
 */
export function toQdrantFilter(filter: PayloadFilter | undefined): Schemas["Filter"] | undefined {
  // A lone surrogate in a filter value would make Qdrant refuse the request.
  const entries = Object.entries(wellFormedJson(filter ?? {}));
  if (entries.length === 0) return undefined;
  return {
    must: entries.map(([key, value]) =>
      Array.isArray(value) ? { key, match: { any: value } } : { key, match: { value } },
    ),
  };
}
