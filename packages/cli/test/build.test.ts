import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { bundleOptions } from "../src/build/options.ts";
import { fingerprint } from "../src/build/stamp.ts";

const FIXTURE = join(import.meta.dirname, "fixtures", "bundled-program.ts");
const dir = mkdtempSync(join(tmpdir(), "flotilla-build-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(outputs: Array<{ path: string; contents: Uint8Array }>) {
  for (const file of outputs) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
}

/** The fixture bundled as the build bundles a team (by `options`), then run as a team is run. */
async function runBundled(options = bundleOptions, out = join(dir, "out")) {
  await write((await build(options({ program: FIXTURE }, out))).outputFiles);
  // As nodeCommand runs a built program: no flag, the bundle maps its own traces.
  const run = spawnSync(process.execPath, [join(out, "program.js")], { encoding: "utf8" });
  return { run, code: readFileSync(join(out, "program.js"), "utf8") };
}

describe("the bundle", () => {
  it("names the .ts file and line in a stack trace thrown inside it", async () => {
    const { run } = await runBundled();
    const line =
      readFileSync(FIXTURE, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("throw new")) + 1;
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("thrown inside a bundled module");
    expect(run.stderr).toMatch(new RegExp(`fixtures/bundled-program\\.ts:${line}:\\d+`));
  });

  it("bundles our packages, imports third-party ones from node_modules, keeps import.meta on the source", async () => {
    const { run, code } = await runBundled();
    // Ours inlined; zod imported from the file its package resolves to.
    expect(code).toContain("// packages/errors/src/flotilla-error.ts");
    expect(code).toMatch(/from "[./]+[^"]*node_modules\/[^"]*zod[^"]*"/);
    expect(code).not.toContain("function $constructor");
    const report = JSON.parse(run.stdout.split("\n")[0]!) as { dirname: string; url: string; parsed: string };
    expect(report.parsed).toBe("zod ran");
    expect(report.dirname.replace(/\/$/, "")).toBe(join(import.meta.dirname, "fixtures"));
    expect(new URL(report.url).href).toBe(pathToFileURL(FIXTURE).href);
  });
});

describe("the build, built", () => {
  // The CLI runs from its build and rebuilds with the bundled build code: it must bundle the same.
  it("bundles a program as the build from source does", async () => {
    const out = join(dir, "builder");
    await write(
      (await build(bundleOptions({ options: join(import.meta.dirname, "../src/build/options.ts") }, out))).outputFiles,
    );
    const built = (await import(pathToFileURL(join(out, "options.js")).href)) as {
      bundleOptions: typeof bundleOptions;
    };
    const { run } = await runBundled(built.bundleOptions, join(dir, "out-of-built"));
    const report = JSON.parse(run.stdout.split("\n")[0]!) as { dirname: string; url: string };
    expect(report.dirname).toBe(join(import.meta.dirname, "fixtures"));
    expect(report.url).toBe(pathToFileURL(FIXTURE).href);
  });
});

describe("the build's fingerprint", () => {
  const root = join(dir, "tree");
  mkdirSync(join(root, "src"), { recursive: true });
  const files = ["src/a.ts", "src/b.ts"];
  for (const file of files) writeFileSync(join(root, file), "export {};\n");

  it("stays the same while nothing changes, so nothing is rebuilt", () => {
    expect(fingerprint(files, root)).toBe(fingerprint(files, root));
  });

  it("changes when a file is saved, grows or goes", () => {
    const before = fingerprint(files, root);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, "src/a.ts"), later, later);
    const touched = fingerprint(files, root);
    expect(touched).not.toBe(before);
    writeFileSync(join(root, "src/b.ts"), "export const b = 1;\n");
    const grown = fingerprint(files, root);
    expect(grown).not.toBe(touched);
    rmSync(join(root, "src/b.ts"));
    expect(fingerprint(files, root)).not.toBe(grown);
  });
});
