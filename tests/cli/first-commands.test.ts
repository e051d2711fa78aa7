import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { canConnect, freePort } from "@flotilla/infra";
import { ROOT } from "../support/fleet.ts";

const run = promisify(execFile);
// FLOTILLA_HOME keeps the servers' data and pid files out of the developer's .flotilla.
const dir = mkdtempSync(join(tmpdir(), "flotilla-first-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      FLOTILLA_HOME: join(dir, "home"),
      FLOTILLA_CWD: dir,
      LOG_FILE: join(dir, "cli.log"),
      ...env,
    },
    timeout: 120_000,
  });

describe("the commands a newcomer runs first", () => {
  it("ingest starts NATS and Qdrant when nothing answers, search uses them, down stops them", async () => {
    const [natsPort, qdrantPort] = [await freePort(), await freePort()];
    const env = { NATS_URL: `nats://127.0.0.1:${natsPort}`, QDRANT_URL: `http://127.0.0.1:${qdrantPort}` };
    mkdirSync(join(dir, "notes"));
    writeFileSync(
      join(dir, "notes", "DESIGN_PRINCIPLES.md"),
      "# Principles\n\n## Backpressure\n\nA slow consumer tells the producer to throttle.\n",
    );
    try {
      const ingest = await cli(["ingest", "notes"], env);
      expect(ingest.stderr).toMatch(new RegExp(`starting nats-server on 127.0.0.1:${natsPort}`));
      expect(ingest.stderr).toMatch(new RegExp(`starting qdrant on 127.0.0.1:${qdrantPort}`));
      expect(ingest.stdout).toMatch(/ingested +notes\/DESIGN_PRINCIPLES\.md → design_principles/);
      const search = await cli(["search", "throttle the producer", "--json"], env);
      expect(search.stderr).not.toMatch(/starting/);
      expect(JSON.parse(search.stdout)[0]).toMatchObject({
        source: "notes/DESIGN_PRINCIPLES.md",
        heading_path: ["Principles", "Backpressure"],
      });
    } finally {
      const down = await cli(["down"], env);
      expect(down.stdout).toMatch(/stopped qdrant/);
      expect(down.stdout).toMatch(/stopped nats-server/);
    }
    expect(await canConnect("127.0.0.1", natsPort)).toBe(false);
    expect(await canConnect("127.0.0.1", qdrantPort)).toBe(false);
  });

  it("names an unreachable Qdrant with its URL and what to check, never a bare `fetch failed`", async () => {
    const env = { NATS_URL: inject("natsUrl"), QDRANT_URL: "http://qdrant.invalid:6333" };
    const failure = await cli(["search", "anything"], env).catch((err: { stderr: string }) => err);
    expect(failure.stderr).toMatch(/Qdrant does not answer at http:\/\/qdrant\.invalid:6333 — check QDRANT_URL/);
    expect(failure.stderr).not.toMatch(/fetch failed/);
  });
});
