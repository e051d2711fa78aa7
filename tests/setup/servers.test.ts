import { connect } from "node:net";
import { describe, expect, inject, it } from "vitest";

/** The INFO line a NATS server sends first on every connection. */
function natsInfo(url: string): Promise<Record<string, unknown>> {
  const u = new URL(url.replace(/^nats:/, "http:"));
  return new Promise((resolve, reject) => {
    const sock = connect({ host: u.hostname, port: Number(u.port) });
    let buf = "";
    sock.setTimeout(5_000, () => sock.destroy(new Error("no INFO from NATS within 5 s")));
    sock.once("error", reject);
    sock.on("data", (d) => {
      buf += d.toString("utf8");
      const m = /^INFO (\{.*\}) *\r\n/.exec(buf);
      if (!m?.[1]) return;
      sock.destroy();
      resolve(JSON.parse(m[1]) as Record<string, unknown>);
    });
  });
}

describe("test servers from global setup", () => {
  it("are exposed by inject() and the environment", () => {
    expect(inject("natsUrl")).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    expect(inject("qdrantUrl")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.NATS_URL).toBe(inject("natsUrl"));
    expect(process.env.QDRANT_URL).toBe(inject("qdrantUrl"));
  });

  it("NATS is a real nats-server >= 2.9 with JetStream on", async () => {
    const info = await natsInfo(inject("natsUrl"));
    expect(info.jetstream).toBe(true);
    const [major, minor] = String(info.version).split(".").map(Number);
    expect(major === 2 ? (minor ?? 0) >= 9 : (major ?? 0) > 2).toBe(true);
  });

  it("Qdrant is a real Qdrant 1.16.x", async () => {
    const res = await fetch(inject("qdrantUrl"));
    expect(res.ok).toBe(true);
    const body = (await res.json()) as { title?: string; version?: string };
    expect(body.version).toMatch(/^1\.16\./);
  });
});
