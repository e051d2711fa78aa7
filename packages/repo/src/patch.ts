import { runGit, tail } from "./git.ts";

/**
 * Why `diff` cannot patch `path` in the repository at `root`: git cannot read it, it creates,
 * deletes, renames or re-modes a file, it is binary, it touches another file, or it does not
 * apply to the file as it is (`git apply --check`). Only reads.
 */
export async function patchProblem(root: string, path: string, diff: string): Promise<string | undefined> {
  const summary = await runGit(["apply", "--summary"], { cwd: root, input: diff });
  if (summary.code !== 0) return `the diff is not a patch git can read: ${tail(summary.stderr, 300)}`;
  if (summary.stdout.trim() !== "")
    return (
      `the diff creates, deletes, renames or changes the mode of a file (${summary.stdout.trim()}); ` +
      "a patch only edits lines, use create or delete"
    );

  const numstat = await runGit(["apply", "--numstat", "-z"], { cwd: root, input: diff });
  const entries = numstat.stdout
    .split("\0")
    .filter(Boolean)
    .map((line) => line.split("\t"));
  if (entries.some(([added]) => added === "-")) return "the diff is a binary patch; a change set carries text only";
  const touched = entries.map((fields) => fields[2] ?? "");
  if (touched.length !== 1 || touched[0] !== path)
    return `the diff changes ${touched.join(", ") || "nothing"}, not just ${path}; its headers must name a/${path} and b/${path}`;

  const check = await runGit(["apply", "--check"], { cwd: root, input: diff });
  if (check.code !== 0) return `the diff does not apply to the file as it is: ${tail(check.stderr, 300)}`;
  return undefined;
}
