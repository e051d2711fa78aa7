import { RepoError } from "./errors.ts";
import { runGit, tail } from "./git.ts";

/**
 * Puts a clone back to its last commit: tracked files restored, everything untracked removed
 * (between two candidates of a step, so each is judged on the same tree).
 */
export async function resetClone(path: string): Promise<void> {
  for (const args of [
    ["reset", "--quiet", "--hard"],
    ["clean", "--quiet", "-ffdx"],
  ]) {
    const done = await runGit(args, { cwd: path });
    if (done.code !== 0) throw new RepoError(`git ${args[0]} in ${path} failed: ${tail(done.stderr)}`, { path });
  }
}
