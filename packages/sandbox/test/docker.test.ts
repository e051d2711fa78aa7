import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { runSandboxed, sandboxAvailable, type SandboxRequest } from "../src/index.ts";
import { LIMITS, NODE, scratch } from "./helpers.ts";

/**
 * No Docker engine runs on the development machine, so these runs go through a stand-in `docker`
 * that answers `version`, runs the command after the image unsandboxed on the host, and obeys
 * `kill`. They check docker mode's wiring (probe, argv, output, exit status, kill at the wall
 * time, docker's own failures), not the isolation, which only a real engine provides.
 */
const FAKE = `#!${NODE}
const fs = require("fs"), os = require("os"), { spawn } = require("child_process");
const args = process.argv.slice(2);
fs.appendFileSync(__dirname + "/calls.jsonl", JSON.stringify({ args, env: process.env }) + "\\n");
if (args[0] === "version") { console.log("27.3.1"); process.exit(0); }
if (args[0] === "kill") {
  try { process.kill(Number(fs.readFileSync(__dirname + "/" + args[1] + ".pid", "utf8")), "SIGKILL"); } catch {}
  process.exit(0);
}
const at = args.indexOf("test/image:1");
if (at < 0) {
  console.error("docker: Error response from daemon: No such image: " + args[args.length - 1] + ".");
  process.exit(125);
}
const child = spawn(args[at + 1], args.slice(at + 2), { stdio: "inherit", cwd: args[args.indexOf("-w") + 1] });
fs.writeFileSync(__dirname + "/" + args[args.indexOf("--name") + 1] + ".pid", String(child.pid));
child.on("exit", (code, signal) => process.exit(code ?? 128 + os.constants.signals[signal]));
`;

describe("docker mode through a stand-in docker CLI", () => {
  let dir: ReturnType<typeof scratch>;
  let docker: string;
  const calls = () =>
    readFileSync(join(dir.root, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { args: string[]; env: Record<string, string> });
  const request = (script: string, more: Partial<SandboxRequest> = {}): SandboxRequest => ({
    command: "/bin/sh",
    args: ["-c", script],
    cwd: dir.worktree,
    limits: LIMITS,
    mode: "docker",
    dockerPath: docker,
    image: "test/image:1",
    ...more,
  });
  beforeEach(() => {
    dir = scratch();
    docker = join(dir.root, "docker");
    writeFileSync(docker, FAKE);
    chmodSync(docker, 0o755);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    dir.dispose();
  });

  it("probes the engine's version and runs the command in a named container", async () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-test-docker-secret");
    expect(await sandboxAvailable({ mode: "docker", dockerPath: docker })).toEqual({
      ok: true,
      kind: "docker",
      version: "27.3.1",
    });
    const run = await runSandboxed(request("cat; echo err >&2; exit 3", { stdin: "from stdin" }));
    expect(run).toMatchObject({ exitCode: 3, signal: null, sandbox: "docker", command: "/bin/sh" });
    expect(run.stdout).toEqual({ text: "from stdin", truncated: false });
    expect(run.stderr).toEqual({ text: "err\n", truncated: false });
    const started = calls().find((call) => call.args[0] === "run")!;
    expect(started.args).toEqual(expect.arrayContaining(["--network", "none", "--read-only", "-i"]));
    expect(started.args[started.args.indexOf("--name") + 1]).toMatch(/^flotilla-sbx-[0-9a-f-]{36}$/);
    expect(JSON.stringify(calls())).not.toContain("sk-test");
  });

  it("docker-kills the container at the wall time", async () => {
    const run = await runSandboxed(request("exec /bin/sleep 30", { limits: { ...LIMITS, wallMs: 1_000 } }));
    expect(run).toMatchObject({ limitHit: "wall_time", signal: "SIGKILL", exitCode: null, sandbox: "docker" });
    expect(run.durationMs).toBeLessThan(10_000);
    const name = calls()
      .find((call) => call.args[0] === "run")!
      .args.find((arg) => arg.startsWith("flotilla-sbx-"));
    expect(calls().map((call) => call.args)).toContainEqual(["kill", name]);
  });

  it("cuts the output at its cap", async () => {
    const run = await runSandboxed(
      request("exec /usr/bin/yes", { limits: { ...LIMITS, outputBytes: 65_536, wallMs: 10_000 } }),
    );
    expect(run).toMatchObject({ limitHit: "output", stdout: { truncated: true } });
    expect(run.stdout.text.length).toBe(65_536);
  });

  it("reports docker's own failure (no such image) as no sandbox, not as the command's exit", async () => {
    const err = await runSandboxed(request("true", { image: "missing/image:1" })).catch((e: unknown) => e);
    expect(FlotillaError.is(err) && err.name).toBe("SandboxUnavailableError");
    expect((err as Error).message).toMatch(/docker run failed before the command started.*No such image/);
  });
});
