import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ROOT } from "../support/fleet.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "flotilla-kb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, FLOTILLA_CWD: dir, QDRANT_URL: inject("qdrantUrl"), LOG_FILE: join(dir, "cli.log") },
    timeout: 60_000,
  });

describe("flotilla ingest and search", () => {
  it("indexes a folder, finds by meaning of words, and writes nothing the second time", async () => {
    const kb = join(dir, "kb-cli");
    await run("mkdir", ["-p", join(kb, "guides")]);
    writeFileSync(
      join(kb, "DESIGN_PRINCIPLES.md"),
      "# Principles\n\n## Backpressure\n\nA slow consumer signals the producer to throttle its publishing rate.\n",
    );
    writeFileSync(join(kb, "guides", "setup.md"), "# Setup\n\nInstall the toolchain, then run the tests.\n");
    writeFileSync(
      join(kb, "scan.json"),
      JSON.stringify({ file_path: "scan.pdf", content: { ocr: "quokka habitat survey on Rottnest island" } }),
    );
    const first = await cli("ingest", "kb-cli");
    expect(first.stdout).toMatch(/ingested +kb-cli\/DESIGN_PRINCIPLES\.md → design_principles/);
    expect(first.stdout).toMatch(/3 files: \d+ chunks, \d+ written/);
    const again = await cli("ingest", "kb-cli");
    expect(again.stdout).toMatch(/0 written, 0 removed/);
    const found = JSON.parse((await cli("search", "throttling publishers", "--json")).stdout) as Array<{
      source: string;
      heading_path: string[];
    }>;
    expect(found[0]).toMatchObject({
      source: "kb-cli/DESIGN_PRINCIPLES.md",
      heading_path: ["Principles", "Backpressure"],
    });
    const ocr = await cli("search", "quokka", "--collection", "json_artifacts");
    expect(ocr.stdout).toMatch(/json_artifacts +kb-cli\/scan\.json/);
  });
});
