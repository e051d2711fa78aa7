import { existsSync } from "node:fs";
import type { DeliveredBranch } from "@flotilla/contracts";
import { diffOf } from "@flotilla/repo";
import { html, type Html } from "../html.ts";
import type { StepView } from "./steps.ts";

/** The change devops delivered, as `flotilla show TASK --diff` prints it; or why there is none. */
export interface TaskDiff {
  branch?: DeliveredBranch;
  text?: string;
  note?: string;
}

/** A diff this long is cut: the page stays usable, the branch has the rest. */
const MAX_DIFF = 400_000;

/** Reads the diff of the task's branch against its base, from the repository devops committed to. */
export async function loadDiff(steps: StepView[]): Promise<TaskDiff | undefined> {
  const branch = steps.findLast((s) => s.step === "deploy" && s.record?.repository)?.record?.repository;
  if (!branch) return undefined;
  if (!branch.delivered) return { branch, note: "the health check failed and the branch was removed" };
  if (!existsSync(branch.path)) return { branch, note: `the repository ${branch.path} is not on this machine` };
  try {
    const text = await diffOf(branch.path, branch.base_commit, branch.commit);
    return { branch, text: text.length > MAX_DIFF ? `${text.slice(0, MAX_DIFF)}\n… (cut; see the branch)` : text };
  } catch (err) {
    return { branch, note: err instanceof Error ? err.message : String(err) };
  }
}

const lineClass = (line: string) =>
  line.startsWith("+++") || line.startsWith("---")
    ? "file"
    : line.startsWith("+")
      ? "add"
      : line.startsWith("-")
        ? "del"
        : line.startsWith("@@")
          ? "hunk"
          : "";

/** The diff, one escaped line per span, coloured by what the line is. */
export function renderDiff(diff: TaskDiff | undefined): Html {
  if (!diff) return html`<p class="muted">No branch yet: the diff appears once devops has committed.</p>`;
  const b = diff.branch;
  const head = b
    ? html`<p>
        branch <code>${b.branch}</code> at <code>${b.commit.slice(0, 12)}</code> (base
        <code>${b.base_commit.slice(0, 12)}</code>) in <code>${b.path}</code>${b.scratch ? " (scratch)" : ""}:
        ${b.diff_stat.files} files, +${b.diff_stat.insertions} −${b.diff_stat.deletions}
      </p>`
    : "";
  if (diff.text === undefined)
    return html`${head}
      <p class="muted">${diff.note ?? "no diff"}</p>`;
  const lines = diff.text.split("\n").map((line) => html`<span class="${lineClass(line)}">${line}</span> `);
  return html`${head}
    <pre class="diff">${lines}</pre>`;
}
