import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureCredentials,
  startNatsServer,
  startQdrant,
  type LocalCredentials,
  type ServerHandle,
} from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-auth-servers-"));
let creds: LocalCredentials;
let nats: ServerHandle;
let qdrant: ServerHandle;

beforeAll(async () => {
  creds = ensureCredentials(join(dir, "credentials"));
  [nats, qdrant] = await Promise.all([
    startNatsServer({ dataDir: join(dir, "nats"), authFile: creds.natsAuthFile }),
    startQdrant({
      dataDir: join(dir, "qdrant"),
      apiKey: creds.qdrant.apiKey,
      readOnlyApiKey: creds.qdrant.readOnlyApiKey,
    }),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([nats?.stop(), qdrant?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Speaks the NATS protocol (CONNECT, then `lines`, then PING) and returns what the server
 * answered until its PONG or its closing the connection: what any program in any language sees.
 */
function session(url: string, connectOpts: Record<string, unknown>, lines: string[] = []): Promise<string> {
  const u = new URL(url.replace(/^nats:/, "http:"));
  return new Promise((resolve, reject) => {
    const sock = connect({ host: u.hostname, port: Number(u.port) });
    let got = "";
    const done = () => {
      sock.destroy();
      resolve(got);
    };
    sock.setTimeout(5_000, () => sock.destroy(new Error(`no PONG within 5 s; got ${got}`)));
    sock.once("error", reject);
    sock.once("close", done);
    sock.once("connect", () =>
      sock.write(`CONNECT ${JSON.stringify({ verbose: false, ...connectOpts })}\r\n${lines.join("")}PING\r\n`),
    );
    sock.on("data", (d) => {
      got += d.toString("utf8");
      if (/^PONG\r$/m.test(got)) done();
    });
  });
}
const pub = (subject: string, body = "{}") => `PUB ${subject} ${Buffer.byteLength(body)}\r\n${body}\r\n`;

describe("a nats-server started with the generated configuration", () => {
  it("refuses anonymous connections and wrong passwords", async () => {
    expect(await session(nats.url, {})).toMatch(/-ERR 'Authorization Violation'/);
    expect(await session(nats.url, { user: "client", pass: "guess" })).toMatch(/-ERR 'Authorization Violation'/);
  });

  it("lets the client publish a task request and refuses a forged result, per subject", async () => {
    const client = { user: "client", pass: creds.nats.client.password };
    expect(await session(nats.url, client, [pub("system.task.request")])).not.toMatch(/-ERR/);
    for (const subject of ["devops.deployed", "qa.approved", "dlq.qa.handler_failed", "system.task.completed"]) {
      const answer = await session(nats.url, client, [pub(subject)]);
      expect(answer).toContain(`-ERR 'Permissions Violation for Publish to "${subject}"'`);
    }
  });

  it("lets admin publish anything", async () => {
    const admin = { user: "admin", pass: creds.nats.admin.password };
    expect(await session(nats.url, admin, [pub("qa.approved"), pub("$KV.workflow_state.x")])).not.toMatch(/-ERR/);
  });
});

describe("a Qdrant started with the generated keys", () => {
  const write = (key?: string) =>
    fetch(`${qdrant.url}/collections/auth_test`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...(key ? { "api-key": key } : {}) },
      body: JSON.stringify({ vectors: { size: 4, distance: "Cosine" } }),
    });
  const search = (key?: string) =>
    fetch(`${qdrant.url}/collections/auth_test/points/query`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { "api-key": key } : {}) },
      body: JSON.stringify({ query: [0.1, 0.2, 0.3, 0.4], limit: 1 }),
    });

  it("answers a write without the key with 401, and one with the read-only key with 403", async () => {
    expect((await write()).status).toBe(401);
    expect((await write(creds.qdrant.readOnlyApiKey)).status).toBe(403);
    expect((await write(creds.qdrant.apiKey)).status).toBe(200);
  });

  it("lets the read-only key search", async () => {
    expect((await search()).status).toBe(401);
    expect((await search(creds.qdrant.readOnlyApiKey)).status).toBe(200);
  });
});
