import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sandboxAvailable } from "../src/index.ts";
import { NODE_DIR, sandboxedNode, scratch } from "./helpers.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });

describe.skipIf(!sandbox.ok)(`the sandbox (${sandbox.ok ? sandbox.version : "skipped: " + sandbox.reason})`, () => {
  let dir: ReturnType<typeof scratch>;
  beforeEach(() => {
    dir = scratch();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    dir.dispose();
  });

  it("runs a command and gives back its exit code, output and input, in the worktree", async () => {
    const script = `process.stdin.pipe(process.stdout); console.error("to stderr");
      require("fs").writeFileSync("made-inside.txt", process.cwd()); process.exitCode = 3;`;
    const run = await sandboxedNode(dir.worktree, script, { stdin: "from stdin" });
    expect(run).toMatchObject({ exitCode: 3, signal: null, sandbox: "bubblewrap", args: ["-e", script] });
    expect(run.limitHit).toBeUndefined();
    expect(run.stdout).toEqual({ text: "from stdin", truncated: false });
    expect(run.stderr).toEqual({ text: "to stderr\n", truncated: false });
    expect(readFileSync(join(dir.worktree, "made-inside.txt"), "utf8")).toBe(dir.worktree);
  });

  it("has no network: neither a port open on the host's loopback nor the internet can be reached", async () => {
    let accepted = 0;
    const server = createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const script = `const net = require("net");
      const attempt = (port, host) => new Promise((done) => {
        const socket = net.connect({ port, host, timeout: 3000 });
        socket.on("connect", () => { socket.destroy(); done("connected"); });
        socket.on("timeout", () => { socket.destroy(); done("timeout"); });
        socket.on("error", (err) => done(err.code));
      });
      (async () => console.log(JSON.stringify({
        host: await attempt(${port}, "127.0.0.1"),
        internet: await attempt(80, "1.1.1.1"),
        interfaces: Object.keys(require("os").networkInterfaces()),
      })))();`;
    try {
      const run = await sandboxedNode(dir.worktree, script);
      const seen = JSON.parse(run.stdout.text) as Record<string, unknown>;
      expect(seen.host).not.toBe("connected");
      expect(seen.internet).not.toBe("connected");
      expect(seen.interfaces).toEqual(["lo"]);
      expect(accepted).toBe(0);
    } finally {
      server.close();
    }
  });

  it("cannot write outside the worktree: the system, the toolchain, the repository and the host's temp dir stay as they were", async () => {
    const name = `flotilla-sandbox-${randomUUID()}`;
    const targets = {
      system: `/usr/${name}`,
      etc: `/etc/${name}`,
      toolchain: join(NODE_DIR, name),
      repository: join(process.cwd(), name),
      beside: join(dir.root, name), // the host's temp dir, next to the worktree
      tmp: `/tmp/${name}`,
    };
    const script = `const fs = require("fs"); const out = {};
      for (const [key, path] of Object.entries(${JSON.stringify(targets)}))
        try { fs.writeFileSync(path, "x"); out[key] = "written"; } catch (err) { out[key] = err.code; }
      console.log(JSON.stringify(out));`;
    const run = await sandboxedNode(dir.worktree, script);
    const inside = JSON.parse(run.stdout.text) as Record<string, string>;
    for (const key of ["system", "etc", "toolchain"]) expect(inside[key], key).not.toBe("written");
    // /tmp inside is private (and so is anything below it, wherever the repository is): writing
    // there works, and lands nowhere on the host.
    for (const [key, path] of Object.entries(targets)) expect(existsSync(path), key).toBe(false);
  });

  it("cannot read a home directory or an environment variable of the host", async () => {
    const home = join(dir.root, "home");
    mkdirSync(home);
    writeFileSync(join(home, "secret.txt"), "host secret");
    vi.stubEnv("OPENAI_API_KEY", "sk-test-sandbox-secret");
    vi.stubEnv("HOME", home);
    const script = `const fs = require("fs"); const tryRead = (read) => { try { return read(); } catch (err) { return err.code; } };
      const environs = fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p))
        .map((pid) => tryRead(() => fs.readFileSync("/proc/" + pid + "/environ", "utf8")));
      console.log(JSON.stringify({
        secret: tryRead(() => fs.readFileSync(${JSON.stringify(join(home, "secret.txt"))}, "utf8")),
        realHome: tryRead(() => fs.readdirSync(${JSON.stringify(userInfo().homedir)})),
        env: process.env,
        environs,
      }));`;
    const run = await sandboxedNode(dir.worktree, script, {
      env: { PATH: `${NODE_DIR}:/usr/bin:/bin`, GIVEN: "yes" },
    });
    expect(run.stdout.text).not.toContain("sk-test");
    expect(run.stdout.text).not.toContain("host secret");
    const inside = JSON.parse(run.stdout.text) as { secret: string; realHome: unknown; env: Record<string, string> };
    expect(inside.secret).toBe("ENOENT");
    expect(typeof inside.realHome).toBe("string"); // an error code, not a listing
    expect(inside.env).toMatchObject({ GIVEN: "yes", HOME: "/tmp" });
    expect(Object.keys(inside.env).filter((key) => !["GIVEN", "HOME", "PATH", "PWD"].includes(key))).toEqual([]);
  });
});
