import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { resolveTarget } from "@flotilla/repo";
import { git } from "../src/git.ts";
import { tempDir } from "./helpers.ts";

/** A root folder holding a repository `app` (with a subfolder), and a repository outside it. */
async function layout() {
  const dir = await tempDir();
  const root = join(dir, "root");
  const app = join(root, "app");
  const outside = join(dir, "elsewhere");
  for (const repo of [app, outside]) {
    await mkdir(join(repo, "lib"), { recursive: true });
    await git(["init", "--quiet"], { cwd: repo });
  }
  return { dir, root, app, outside };
}

async function refusal(promise: Promise<unknown>): Promise<FlotillaError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!FlotillaError.is(error)) throw new Error(`expected a FlotillaError, got ${String(error)}`);
  expect(error.name).toBe("RepoError");
  expect(error.isRetryable).toBe(false);
  return error;
}

describe("resolveTarget", () => {
  it("gives the real top level of a repository under a root, from any folder in it", async () => {
    const { dir, root, app } = await layout();
    await symlink(root, join(dir, "root-link"));
    expect(await resolveTarget(app, [root])).toBe(app);
    expect(await resolveTarget(join(app, "lib"), [root])).toBe(app);
    // Roots and paths given through links count by where they really are.
    expect(await resolveTarget(join(dir, "root-link", "app"), [join(dir, "root-link")])).toBe(app);
  });

  it("refuses a repository outside the roots, naming the path and FLOTILLA_REPOS", async () => {
    const { root, outside } = await layout();
    const error = await refusal(resolveTarget(outside, [root]));
    expect(error.message).toContain(outside);
    expect(error.message).toContain("FLOTILLA_REPOS");
    expect((await refusal(resolveTarget(join(root, "..", "elsewhere"), [root]))).message).toContain("FLOTILLA_REPOS");
  });

  it("refuses a symbolic link under a root that leads out of it", async () => {
    const { root, outside } = await layout();
    const link = join(root, "escape");
    await symlink(outside, link);
    const error = await refusal(resolveTarget(link, [root]));
    expect(error.message).toContain(link);
    expect(error.message).toContain(`resolves to ${outside}`);
    expect(error.message).toContain("FLOTILLA_REPOS");
  });

  it("says when FLOTILLA_REPOS is empty that only scratch repositories may be used", async () => {
    const { app } = await layout();
    expect((await refusal(resolveTarget(app, []))).message).toMatch(
      /FLOTILLA_REPOS is empty, so only scratch repositories/,
    );
  });

  it("refuses a folder that is not a git repository, and a path that does not exist", async () => {
    const { root } = await layout();
    const plain = join(root, "plain");
    await mkdir(plain);
    const error = await refusal(resolveTarget(plain, [root]));
    expect(error.message).toContain(plain);
    expect(error.message).toContain("is not a git repository");
    expect((await refusal(resolveTarget(join(root, "missing"), [root]))).message).toContain("does not exist");
  });
});
