import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { INGEST_RULES_DEFAULT } from "@flotilla/contracts";
import { FlotillaError } from "@flotilla/errors";
import picomatch from "picomatch";
import { z } from "zod";
import type { ChunkKind } from "./chunk.ts";

/** Env variable naming a JSON file of extra rules. */
export const RULES_ENV = "FLOTILLA_INGEST_RULES";

const ruleSchema = z
  .object({
    glob: z.string().min(1, "glob must not be empty"),
    collection: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, "collection must be 1-255 letters, digits, _ or -"),
    kind: z.enum(["markdown", "json"]).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

/** Files matching `glob` (against the path relative to the ingest root) go to `collection`. */
export type IngestRule = z.infer<typeof ruleSchema>;

export type Route = { collection: string; kind: ChunkKind; tags?: string[] } | { skip: string };

export interface Router {
  /** Where a root-relative path goes, or why it is skipped. */
  route(relativePath: string): Route;
  /** Every collection some rule can send a file to. */
  collections: string[];
}

/** Tried after a person's own rules, first match wins; from the collection catalogue in @flotilla/contracts. */
export const DEFAULT_RULES: readonly IngestRule[] = INGEST_RULES_DEFAULT;

const KIND_BY_EXTENSION: Record<string, ChunkKind> = { ".md": "markdown", ".markdown": "markdown", ".json": "json" };

/** A rules file or value that cannot be used; the message names where it came from. */
export class IngestRulesError extends FlotillaError {
  override readonly name = "IngestRulesError";
}

/** Validates rules given as data; `origin` names where they came from in the error. */
export function parseRules(value: unknown, origin: string): IngestRule[] {
  const parsed = z.array(ruleSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `rules${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${i.message}`,
  );
  throw new IngestRulesError(`${origin}: ${problems.join("; ")}`);
}

/** Rules from the JSON file named by FLOTILLA_INGEST_RULES; undefined when it is unset. */
export function loadRules(env: NodeJS.ProcessEnv = process.env): IngestRule[] | undefined {
  const path = env[RULES_ENV];
  if (!path) return undefined;
  const origin = `${RULES_ENV} (${path})`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new IngestRulesError(`${origin}: cannot read the rules file: ${(error as Error).message}`);
  }
  try {
    return parseRules(JSON.parse(text), origin);
  } catch (error) {
    if (error instanceof IngestRulesError) throw error;
    throw new IngestRulesError(`${origin}: not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Routes a root-relative path to a collection: `rules` (or those from FLOTILLA_INGEST_RULES)
 * first, then DEFAULT_RULES; globs are matched case-insensitively. A rule without `kind`
 * takes it from the extension (.md, .markdown → markdown; .json → json).
 *
 * @example
 * createRouter([{ glob: "adr/**", collection: "decisions", kind: "markdown" }]).route("adr/0001.txt")
 * // { collection: "decisions", kind: "markdown" }
 */
export function createRouter(rules?: IngestRule[], env: NodeJS.ProcessEnv = process.env): Router {
  // A rule with the glob of an earlier one never matches: leaving it out keeps its collection out
  // of `collections`, so pruning never touches a collection no rule can route to.
  const all = [...(rules ?? loadRules(env) ?? []), ...DEFAULT_RULES].filter(
    (r, i, list) => list.findIndex((o) => o.glob === r.glob) === i,
  );
  const matchers = all.map((rule) => ({ rule, test: picomatch(rule.glob, { nocase: true }) }));
  const route = (relativePath: string): Route => {
    const hit = matchers.find((m) => m.test(relativePath));
    const ext = extname(relativePath).toLowerCase();
    if (!hit)
      return { skip: `no ingest rule matches "${relativePath}" (by default only .md and .json files are ingested)` };
    const kind = hit.rule.kind ?? KIND_BY_EXTENSION[ext];
    if (!kind)
      return {
        skip: `rule "${hit.rule.glob}" matches but there is no chunker for "${ext || "(no extension)"}" files; give the rule a kind`,
      };
    return { collection: hit.rule.collection, kind, ...(hit.rule.tags ? { tags: hit.rule.tags } : {}) };
  };
  return { route, collections: [...new Set(all.map((r) => r.collection))] };
}
