/** NATS KV buckets of SPEC §5. */
export const KV_BUCKETS = [
  "task_assignments",
  "dependency_graph",
  "workflow_state",
  "environment_config",
  "deployment_locks",
  "ledger",
] as const;

/** How `flotilla ingest` fills a collection by its built-in rules: first matching glob wins, in table order. */
export interface IngestSpec {
  kind: "markdown" | "json";
  globs: readonly string[];
}

export interface CollectionSpec {
  /** What it holds, for people and tool descriptions. */
  holds: string;
  /** Agents retrieve from it before each step; search_context and `flotilla search` search it by default. */
  retrieved: boolean;
  /** Created on start unless QDRANT_COLLECTIONS lists others instead (SPEC §9, §11). */
  byDefault: boolean;
  /** The runtime writes to it, so it is created whatever QDRANT_COLLECTIONS says. */
  required: boolean;
  /** Written by ingestion (its built-in rules); absent when only the runtime writes it. */
  ingest?: IngestSpec;
}

/**
 * Every Qdrant collection Flotilla knows, in one table: the config default, what agents
 * retrieve, what the runtime must create and the built-in ingest rules all derive from it.
 * Ingest rules are tried in this order, so the catch-all `**\/*.md` comes last.
 */
export const QDRANT_COLLECTIONS = {
  design_principles: {
    holds: "design principles documents",
    retrieved: true,
    byDefault: true,
    required: false,
    ingest: { kind: "markdown", globs: ["**/*principle*.md", "**/DESIGN*.md"] },
  },
  coding_standards: {
    holds: "coding standards and style guides",
    retrieved: true,
    byDefault: true,
    required: false,
    ingest: { kind: "markdown", globs: ["**/*standard*.md", "**/CODING*.md", "**/*STYLE*.md"] },
  },
  json_artifacts: {
    holds: "JSON documents (reports, OCR output…)",
    retrieved: true,
    byDefault: true,
    required: false,
    ingest: { kind: "json", globs: ["**/*.json"] },
  },
  documentation_index: {
    holds: "all other markdown documentation",
    retrieved: true,
    byDefault: true,
    required: false,
    ingest: { kind: "markdown", globs: ["**/*.md"] },
  },
  learning_patterns: {
    holds: "lessons: what went wrong in past work and what fixed it",
    retrieved: true,
    byDefault: true,
    required: true,
  },
  agent_memory: {
    holds: "each agent's own lessons, kept between tasks",
    retrieved: true,
    byDefault: true,
    required: true,
  },
  cross_team_tasks: {
    holds: "every task's plan (past plans inform new ones)",
    retrieved: true,
    byDefault: true,
    required: true,
  },
  team_votes: { holds: "every ballot of every attempt", retrieved: false, byDefault: true, required: true },
  cross_team_ratings: {
    holds: "every rating of work received from another team",
    retrieved: false,
    byDefault: true,
    required: true,
  },
  quality_metrics: {
    holds: "measured and judged quality of each producer's work (sandbox runs, ratings, votes, usage)",
    retrieved: false,
    byDefault: true,
    required: true,
  },
  failure_analytics: {
    holds: "classified failures: transient, permanent, dependency, agent",
    retrieved: false,
    byDefault: true,
    required: true,
  },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof QDRANT_COLLECTIONS;

const COLLECTION_SPECS: ReadonlyArray<[string, CollectionSpec]> = Object.entries(QDRANT_COLLECTIONS);
const where = (test: (spec: CollectionSpec) => boolean) =>
  COLLECTION_SPECS.filter(([, spec]) => test(spec)).map(([name]) => name);

/** Created on start unless QDRANT_COLLECTIONS says otherwise (the variable's default). */
export const QDRANT_COLLECTIONS_DEFAULT: readonly string[] = where((c) => c.byDefault);
/** Written by the runtime, so created whatever QDRANT_COLLECTIONS says. */
export const REQUIRED_COLLECTIONS: readonly string[] = where((c) => c.required);
/** Searched for knowledge: before each step, by search_context and by `flotilla search`. */
export const KNOWLEDGE_COLLECTIONS: readonly string[] = where((c) => c.retrieved);
/** Filled by ingestion: what list_sources shows. */
export const INGESTED_COLLECTIONS: readonly string[] = where((c) => c.ingest !== undefined);

/** The built-in ingest rules, in table order: `{ glob, collection, kind }`, first match wins. */
export const INGEST_RULES_DEFAULT = COLLECTION_SPECS.flatMap(([collection, { ingest }]) =>
  ingest ? ingest.globs.map((glob) => ({ glob, collection, kind: ingest.kind })) : [],
);

/**
 * The knowledge collections a team retrieves from, given what QDRANT_COLLECTIONS creates: the
 * configured ones, plus those that exist anyway because the runtime or ingestion writes them.
 */
export function retrievedCollections(configured: readonly string[]): string[] {
  return COLLECTION_SPECS.filter(
    ([name, spec]) => spec.retrieved && (spec.required || spec.ingest !== undefined || configured.includes(name)),
  ).map(([name]) => name);
}
