import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { busInternals } from "@flotilla/bus/internals";
import { envelope } from "@flotilla/contracts";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
let client: Client;
const kb = mkdtempSync(join(tmpdir(), "flotilla-kb-"));
const outside = mkdtempSync(join(tmpdir(), "flotilla-outside-"));
mkdirSync(join(kb, "guides"));
writeFileSync(join(kb, "guides", "runbook.md"), "# Runbook\n\nRestart the worker with a rolling deploy.\n");
writeFileSync(join(outside, "secret.md"), "# Secret\n\nzanzibar-outside-the-knowledge-dirs\n");
symlinkSync("/etc/passwd", join(kb, "passwd.md"));
symlinkSync(join(outside, "secret.md"), join(kb, "guides", "secret.md"));
symlinkSync("missing.md", join(kb, "gone.md"));

beforeAll(async () => {
  fleet = await startFleet({ teams: ["leadership"], env: { FLOTILLA_KNOWLEDGE_DIRS: kb } });
  client = await fleet.mcpClient();
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  rmSync(kb, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown>) {
  const res = await client.callTool({ name, arguments: args });
  const text = (res.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
  return { isError: res.isError === true, text, sc: res.structuredContent as Record<string, unknown> | undefined };
}

describe("the MCP ingest tool", () => {
  it("accepts only paths under FLOTILLA_KNOWLEDGE_DIRS, and says so by name", async () => {
    for (const path of [outside, join(outside, "secret.md"), "/etc", join(kb, "..")]) {
      const res = await call("ingest", { paths: [path] });
      expect(res.isError, path).toBe(true);
      expect(res.text).toMatch(/^ingest refused: .* is not under FLOTILLA_KNOWLEDGE_DIRS \(/);
      expect(res.text).toContain(kb);
    }
  });

  it("refuses a link inside the knowledge folder that leads out of it", async () => {
    const res = await call("ingest", { paths: [join(kb, "passwd.md")] });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/passwd\.md is not under FLOTILLA_KNOWLEDGE_DIRS/);
  });

  it("ingests the folder without following links out of it, reporting them and the dangling one", async () => {
    const res = await call("ingest", { paths: [kb] });
    expect(res.isError).toBe(false);
    const files = (res.sc as { files: Array<{ source: string; status: string; reason?: string }> }).files;
    const bySuffix = (suffix: string) => files.find((f) => f.source.endsWith(suffix));
    expect(bySuffix("/passwd.md")).toMatchObject({
      status: "skipped",
      reason: expect.stringMatching(/out of the ingest roots/),
    });
    expect(bySuffix("/guides/secret.md")).toMatchObject({ status: "skipped" });
    expect(bySuffix("/gone.md")).toMatchObject({ status: "skipped", reason: expect.stringMatching(/dangling/) });
    expect(["ingested", "unchanged"]).toContain(bySuffix("/guides/runbook.md")?.status);
    expect(res.text).toMatch(/skipped .*passwd\.md: symbolic link out of the ingest roots/);
    const texts = (await fleet.knowledge.list("documentation_index", {})).map((p) => String(p.payload.text));
    expect(texts.some((t) => t.includes("rolling deploy"))).toBe(true);
    expect(texts.some((t) => /root:.*:0:0:/.test(t) || t.includes("zanzibar"))).toBe(false);
  });
});

describe("bad artifact references", () => {
  const read = (uri: string) =>
    client.readResource({ uri }).then(
      () => undefined,
      (err: unknown) => err,
    );

  it("get clean MCP errors, not exceptions", async () => {
    const badEncoding = await read("flotilla://artifacts/code_artifacts/%E0%A4%A");
    expect(badEncoding).toBeInstanceOf(McpError);
    expect(badEncoding).toMatchObject({ code: -32602, message: expect.stringMatching(/not valid percent-encoding/) });
    const traversal = await read(`flotilla://artifacts/code_artifacts/${encodeURIComponent("../../etc/passwd")}`);
    expect(traversal).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/invalid artifact reference.*'\.\.'/),
    });
    const store = await read("flotilla://artifacts/no_such_store/a.json");
    expect(store).toMatchObject({ code: -32602, message: expect.stringMatching(/invalid artifact reference/) });
    const missing = await read("flotilla://artifacts/code_artifacts/nothing%2Fhere.json");
    expect(missing).toMatchObject({
      code: -32002,
      message: expect.stringMatching(/no artifact code_artifacts\/nothing\/here\.json/),
    });

    for (const key of ["../x", "a b", "x".repeat(10_000), ""]) {
      const res = await call("get_artifact", { object_store: "code_artifacts", key });
      expect(res.isError, key.slice(0, 20)).toBe(true);
    }
    expect((await call("get_artifact", { object_store: "code_artifacts", key: "nothing.json" })).text).toBe(
      "no artifact code_artifacts/nothing.json",
    );
  });
});

/** A leadership MCP server over raw stdio, to send what no SDK client would serialize. */
async function rawMcp() {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "teams/leadership/src/main.ts")], {
    cwd: ROOT,
    env: { ...process.env, ...fleet.env, LOG_FILE: join(fleet.dir, "leadership-raw-mcp.log") },
    stdio: ["pipe", "pipe", "ignore"],
  });
  const waiting = new Map<number, (m: unknown) => void>();
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const m = JSON.parse(line) as { id?: number };
    if (typeof m.id === "number") waiting.get(m.id)?.(m);
  });
  let id = 0;
  const request = (line: (id: number) => string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve as (m: unknown) => void);
      child.stdin!.write(`${line(n)}\n`);
    });
  await request((n) =>
    JSON.stringify({
      jsonrpc: "2.0",
      id: n,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    }),
  );
  child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  return { child, request };
}

describe("deep JSON", () => {
  const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;

  it("as MCP tool arguments gets an error answer, and the server goes on", async () => {
    const { child, request } = await rawMcp();
    try {
      for (const args of [
        `{"object_store":${deep},"key":"a"}`,
        `{"object_store":"code_artifacts","key":"a","x":${deep}}`,
      ]) {
        const answer = await request(
          (n) =>
            `{"jsonrpc":"2.0","id":${n},"method":"tools/call","params":{"name":"get_artifact","arguments":${args}}}`,
        );
        const result = answer.result as { isError?: boolean } | undefined;
        expect(answer.error !== undefined || result?.isError === true).toBe(true);
      }
      const after = await request((n) => JSON.stringify({ jsonrpc: "2.0", id: n, method: "tools/list" }));
      expect((after.result as { tools: unknown[] }).tools.length).toBeGreaterThan(0);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  });

  it("in a TaskRequest on the bus is dead-lettered as a schema violation with the reason", async () => {
    const entries: Array<{ subject: string; m: { dlq_metadata: { failure_reason: string } } }> = [];
    const sub = fleet.bus.watch("dlq.>", (subject, m) => entries.push({ subject, m: m as (typeof entries)[0]["m"] }));
    await fleet.bus.flush();
    try {
      const sender = { team: "external", agent: "raw", instance_id: "t" };
      const body = JSON.stringify({ ...envelope({ sender }), task: { description: "deep" } }).replace(
        '"description":"deep"',
        `"description":"deep","context":{"x":${deep}}`,
      );
      // Raw bytes: our publish would validate (and could not even serialize) such a message.
      busInternals(fleet.bus).nc.publish("system.task.request", body);
      await fleet.bus.flush();
      const end = Date.now() + 30_000;
      while (!entries.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(entries[0]?.subject).toBe("dlq.leadership.schema_violation");
      expect(entries[0]?.m.dlq_metadata.failure_reason).toMatch(/nested deeper than 64 levels/);
      for (const [name, p] of fleet.procs) expect(p.exitCode, name).toBeNull();
    } finally {
      sub.stop();
    }
  });
});
