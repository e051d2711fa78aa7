import { extname } from "node:path";
import type { CodeContext } from "./relevant-files.ts";

/**
 * `context` as prompt text: the file tree, then each chosen file fenced under its path.
 *
 * @example
 * formatCodeContext(await relevantFiles(clone.path, "median of a list"));
 * // "## Files in the repository\nsrc/stats/median.ts\n…\n\n## src/stats/median.ts (matched)\n```ts\n…\n```\n"
 */
export function formatCodeContext(context: CodeContext): string {
  const parts = [`## Files in the repository\n${context.tree.join("\n")}\n`];
  for (const file of context.files) {
    // Longer than any run of backticks in the file, so a fence inside it cannot close ours.
    const longest = Math.max(0, ...(file.content.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(Math.max(3, longest + 1));
    const language = /^\.[A-Za-z0-9]{1,10}$/.test(extname(file.path)) ? extname(file.path).slice(1) : "";
    const body = file.content.endsWith("\n") ? file.content : `${file.content}\n`;
    parts.push(`## ${file.path} (${file.why})\n${fence}${language}\n${body}${fence}\n`);
  }
  if (context.truncated)
    parts.push("(Some files were cut or left out to fit the budget; ask for a file by its path to see it whole.)\n");
  return parts.join("\n");
}
