import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join, resolve } from "node:path";

/**
 * What a user sees of their checkout, path → description: every working-tree entry outside
 * .git (kind, mode, content hash or link target), and the bytes of HEAD, the index, the config
 * and each hook. Refs and objects are left out: delivering a branch adds to them on purpose.
 */
export async function checkoutEntries(repo: string): Promise<Record<string, string>> {
  const gitDir = await gitDirOf(repo);
  const entries: Record<string, string> = {};
  for (const path of (await readdir(repo, { recursive: true })).sort()) {
    if (path === ".git" || path.startsWith(`.git/`)) continue;
    entries[`tree/${path}`] = await describe(join(repo, path));
  }
  for (const file of ["HEAD", "index", "config"]) entries[`git/${file}`] = await describe(join(gitDir, file));
  const hooks = await readdir(join(gitDir, "hooks")).catch(() => []);
  for (const hook of hooks.sort()) entries[`hooks/${hook}`] = await describe(join(gitDir, "hooks", hook));
  return entries;
}

/** One hash of `checkoutEntries`: equal before and after means nothing the user sees changed. */
export async function checkoutFingerprint(repo: string): Promise<string> {
  return createHash("sha256")
    .update(JSON.stringify(await checkoutEntries(repo)))
    .digest("hex");
}

async function describe(path: string): Promise<string> {
  const entry = await lstat(path).catch(() => undefined);
  if (entry === undefined) return "missing";
  if (entry.isSymbolicLink()) return `link ${await readlink(path)}`;
  if (entry.isDirectory()) return `dir ${entry.mode.toString(8)}`;
  return `file ${entry.mode.toString(8)} ${createHash("sha256")
    .update(await readFile(path))
    .digest("hex")}`;
}

// A linked worktree has a .git file naming its git folder.
async function gitDirOf(repo: string): Promise<string> {
  const dotGit = join(repo, ".git");
  if ((await lstat(dotGit)).isDirectory()) return dotGit;
  const pointer = /^gitdir: (.+)$/m.exec(await readFile(dotGit, "utf8"))?.[1];
  if (pointer === undefined) throw new Error(`${dotGit} is neither a folder nor a gitdir pointer`);
  return resolve(repo, pointer.trim());
}
