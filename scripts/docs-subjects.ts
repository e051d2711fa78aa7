/**
 * Writes the subject table of docs/subjects.md from the catalogue (SUBJECTS in
 * packages/contracts/src/subjects.ts), so the docs never hold a hand-written copy of it.
 * tests/docs.test.ts fails when the two differ.
 *
 *   pnpm docs:subjects            rewrite the table
 *   pnpm docs:subjects --check    exit 1 if it is out of date
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { SUBJECTS, type SubjectEntry } from "@flotilla/contracts";

export const SUBJECTS_DOC = resolve(import.meta.dirname, "../docs/subjects.md");
const BEGIN = "<!-- subjects:begin — generated from SUBJECTS by `pnpm docs:subjects`; do not edit by hand -->";
const END = "<!-- subjects:end -->";

/** The catalogue as a markdown table, one row per entry, in catalogue order. */
export function renderSubjectTable(entries: readonly SubjectEntry[] = SUBJECTS): string {
  const rows = entries.map((entry) => {
    const durables = entry.durables?.length ? entry.durables.join(", ") : "—";
    // A prioritized work request travels as `<subject>.<priority>`: show the subject as published.
    const subject = entry.prioritized ? `${entry.subject}.<priority>` : entry.subject;
    const cells = [`\`${subject}\``, entry.message, entry.producer, entry.consumers, entry.stream, durables];
    return `| ${cells.join(" | ")} |`;
  });
  const head = [
    "| subject | message | producer | consumers | stream | durable consumer |",
    "|---|---|---|---|---|---|",
  ];
  return [...head, ...rows].join("\n");
}

/** The text between the markers of a document, or undefined when the markers are missing. */
export function generatedBlock(doc: string): string | undefined {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start + BEGIN.length, end).trim();
}

function main(check: boolean): number {
  const doc = readFileSync(SUBJECTS_DOC, "utf8");
  const table = renderSubjectTable();
  if (generatedBlock(doc) === undefined) throw new Error(`${SUBJECTS_DOC} lacks the markers ${BEGIN} … ${END}`);
  if (generatedBlock(doc) === table) return 0;
  if (check) {
    process.stderr.write("docs/subjects.md is out of date with the catalogue: run pnpm docs:subjects\n");
    return 1;
  }
  const before = doc.slice(0, doc.indexOf(BEGIN) + BEGIN.length);
  writeFileSync(SUBJECTS_DOC, `${before}\n${table}\n${doc.slice(doc.indexOf(END))}`);
  process.stderr.write("docs/subjects.md: subject table rewritten\n");
  return 0;
}

// Run as a script (not imported by the test): rewrite, or check with --check.
if (resolve(process.argv[1] ?? "") === import.meta.filename) process.exitCode = main(process.argv.includes("--check"));
