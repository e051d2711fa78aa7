import { createHash } from "node:crypto";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished } from "vitest";
import { COMMITTER, git } from "../src/git.ts";

/** A fresh real temp folder, removed when the test finishes. */
export async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), "flotilla-repo-")));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files (path → content) under `root`, creating folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Every entry under `dir`, .git included: kind, mode, mtime and a content hash (or a link's target). */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const path of (await readdir(dir, { recursive: true })).sort()) {
    const full = join(dir, path);
    const entry = await lstat(full);
    const stamp = `${entry.mode.toString(8)} ${entry.mtimeMs}`;
    if (entry.isSymbolicLink()) hashes[path] = `link ${await readlink(full)}`;
    else if (entry.isDirectory()) hashes[path] = `dir ${stamp}`;
    else
      hashes[path] = `file ${stamp} ${createHash("sha256")
        .update(await readFile(full))
        .digest("hex")}`;
  }
  return hashes;
}

/** `git status --porcelain` (untracked files listed one by one); never rewrites the index. */
export const status = (cwd: string) => git(["status", "--porcelain", "--untracked-files=all"], { cwd });

/** Stages `paths` and commits them, with an identity that does not come from anyone's git config. */
export async function commit(cwd: string, message: string, paths: string[]): Promise<string> {
  await git(["add", "--", ...paths], { cwd });
  await git([...COMMITTER, "commit", "--quiet", "-m", message], { cwd });
  return (await git(["rev-parse", "HEAD"], { cwd })).trim();
}

export interface UserRepo {
  path: string;
  /** The first commit, tagged v1. */
  first: string;
  /** HEAD: the second commit, on main. */
  head: string;
  /** A file each of the repository's hooks appends to, should anything ever run one. */
  hookMarker: string;
}

const HOOKS = ["pre-commit", "post-commit", "post-checkout", "post-merge", "reference-transaction", "pre-push"];

/**
 * A user's checkout mid-work: two commits (the first tagged v1), a modified file, a staged one,
 * an untracked one, its own config value and hooks that leave a mark if anything runs them.
 */
export async function makeUserRepo(path: string): Promise<UserRepo> {
  await mkdir(path, { recursive: true });
  await git(["init", "--quiet", "--initial-branch=main"], { cwd: path });
  await writeFiles(path, { "README.md": "# App\n", "src/a.ts": "export const a = 1;\n", "src/old.ts": "export {};\n" });
  const first = await commit(path, "first", ["README.md", "src"]);
  await git(["tag", "v1"], { cwd: path });
  await writeFiles(path, { "src/a.ts": "export const a = 2;\nexport const b = 3;\n", "docs/guide.md": "Guide\n" });
  const head = await commit(path, "second", ["src/a.ts", "docs/guide.md"]);

  await writeFiles(path, {
    "README.md": "# App\n\nedited, not committed\n",
    "staged.txt": "staged\n",
    "notes.txt": "untracked\n",
  });
  await git(["add", "--", "staged.txt"], { cwd: path });
  await git(["config", "flotilla.test", "the user's own value"], { cwd: path });
  const hookMarker = join(dirname(path), "hooks-ran.log");
  for (const hook of HOOKS) {
    const file = join(path, ".git", "hooks", hook);
    await writeFile(file, `#!/bin/sh\necho "${hook}" >> "${hookMarker}"\n`);
    await chmod(file, 0o755);
  }
  return { path: await realpath(path), first, head, hookMarker };
}
