import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { inject } from "vitest";
import { createLogger } from "@flotilla/log";
import { createIngestStore, DEFAULT_RULES, type IngestRule, type IngestStore } from "../src/index.ts";

export const logger = createLogger({ name: "ingest-test", level: process.env.LOG_LEVEL ?? "silent" });

/**
 * One Qdrant serves every test file, so each file routes to its own collections: the default
 * rules with a random suffix on every collection name (tried first, they shadow the defaults).
 */
export function isolated(): {
  store: IngestStore;
  rules: IngestRule[];
  col: (name: string) => string;
  cleanup(): Promise<void>;
} {
  const suffix = randomUUID().slice(0, 8);
  const col = (name: string) => `${name}_${suffix}`;
  const rules = DEFAULT_RULES.map((r) => ({ ...r, collection: col(r.collection) }));
  const store = createIngestStore({ url: inject("qdrantUrl"), logger });
  return {
    store,
    rules,
    col,
    async cleanup() {
      await Promise.all([...new Set(rules.map((r) => r.collection))].map((c) => store.deleteCollection(c)));
    },
  };
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-ingest-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function write(dir: string, path: string, content: string | Uint8Array): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

export const DESIGN = `# Design principles

## Simplicity
Prefer fewer moving parts. A system with one queue is easier to reason about than a system with three.

## Explicit errors
Every error names the variable a person must change, and whether retrying can help.

## Deterministic identifiers
Identifiers are derived from content coordinates, so replaying a message writes the same record.
`;

export const STANDARDS = `# Coding standards

## Files
Keep files small: aim under two hundred lines.

## Tests
Tests talk to real servers started by fixtures that clean up after themselves.
`;

export const GUIDE = `# Onboarding

Install pnpm, then run the whole test suite once before changing anything.
`;

export const TRAINING = {
  file_path: "src/files_to_process/_00_TrainingMaterialContents.pdf",
  file_hash: "2ab67df6",
  processed_date: "2025-01-07T22:55:09",
  total_pages: 1,
  content: {
    ocr: "Training material. Chapter 3 explains the UEFI EDK2 driver binding protocol: Supported, Start and Stop.",
    pdf_text: "Training material contents, table of chapters and page numbers.",
  },
};

export const OTHER_JSON = {
  file_path: "src/files_to_process/_01_Deployment.pdf",
  file_hash: "99ffcc01",
  content: { ocr: "Deployment checklist for the staging cluster.", pdf_text: "Deployment checklist." },
};

/** The fixture corpus: one file per default collection, plus files that must not be ingested. */
export function writeCorpus(dir: string): void {
  write(dir, "docs/design-principles.md", DESIGN);
  write(dir, "docs/CODING_STANDARDS.md", STANDARDS);
  write(dir, "docs/guide/onboarding.md", GUIDE);
  write(dir, "data/training.json", JSON.stringify(TRAINING, null, 2));
  write(dir, "data/deployment.json", JSON.stringify(OTHER_JSON, null, 2));
  write(dir, "docs/notes.txt", "plain text has no default rule");
  write(dir, "node_modules/pkg/README.md", "# never walked");
  write(dir, "docs/.draft.md", "# dotfiles are not walked");
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` is truthy; returns the elapsed milliseconds. */
export async function within<T>(
  ms: number,
  check: () => Promise<T | undefined | false>,
): Promise<{ value: T; elapsed: number }> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    const elapsed = performance.now() - start;
    if (value) return { value, elapsed };
    if (elapsed > ms) throw new Error(`not within ${ms} ms`);
    await sleep(50);
  }
}
