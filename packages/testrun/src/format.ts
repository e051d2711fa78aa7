import type { ValidationReport, ValidationStage } from "@flotilla/contracts";

const FAILING_SHOWN = 20;

/**
 * A validation report as a model reads it (a prompt, a ballot): one line per stage, then for
 * each failed or broken stage its failing tests and an output excerpt, the whole within `max`
 * characters. Compilers print their first errors first, test runners their summary last, so the
 * excerpt keeps the start of a check's output and the end of a test run's.
 *
 * @example
 * formatValidation(report);
 * // Validation: fail (1840 ms)
 * // - syntax: passed [node --check src/sum.js]
 * // - typecheck: failed — type errors (exit 2) [tsc --noEmit -p tsconfig.json]
 * // …
 */
export function formatValidation(report: ValidationReport, max = 3_000): string {
  const lines = report.stages.map((stage) => {
    const detail = stage.detail ? ` — ${clip(stage.detail, 300)}` : "";
    return `- ${stage.name}: ${stage.status}${detail}${stage.run ? ` [${clip(stage.run.command, 200)}]` : ""}`;
  });
  const head = [`Validation: ${report.verdict} (${report.duration_ms} ms)`, ...lines].join("\n");
  const bad = report.stages.filter((stage) => stage.status === "failed" || stage.status === "error");
  const sections = bad.map((stage) => ({ stage, title: `\n\n## ${stage.name} ${stage.status}${failingTests(stage)}` }));
  const fixed = head.length + sections.reduce((sum, section) => sum + section.title.length, 0);
  const each = Math.max(0, Math.floor((max - fixed) / Math.max(1, sections.length)) - 10);
  const body = sections.map(({ stage, title }) => title + excerpt(stage, each)).join("");
  return clip(head + body, max);
}

function failingTests(stage: ValidationStage): string {
  const failing = stage.tests?.failing ?? [];
  if (!failing.length) return "";
  const shown = failing.slice(0, FAILING_SHOWN).map((test) => {
    const first = test.message.split("\n").find((line) => line.trim()) ?? "";
    return `- ${test.name}${first ? `: ${clip(first.trim(), 200)}` : ""}`;
  });
  const more = failing.length > FAILING_SHOWN ? [`- … and ${failing.length - FAILING_SHOWN} more`] : [];
  return `\nFailing tests:\n${[...shown, ...more].join("\n")}`;
}

function excerpt(stage: ValidationStage, budget: number): string {
  const run = stage.run;
  const text = [run?.stdout.text, run?.stderr.text]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join("\n");
  if (!text || budget < 40) return "";
  const cut =
    text.length <= budget ? text : stage.name === "tests" ? `…${text.slice(-budget)}` : `${text.slice(0, budget)}…`;
  return `\nOutput:\n${cut}`;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
