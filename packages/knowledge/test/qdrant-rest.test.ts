import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { knowledgeFailure } from "../src/errors.ts";
import { createQdrantRest } from "../src/qdrant-rest.ts";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A local stand-in for Qdrant answering as `handle` says; returns its URL. */
async function fake(handle: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => handle(req, body, res));
  });
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  servers.push({ close: () => server.close() });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

describe("the Qdrant REST calls (node:http)", () => {
  it("sends the official client's route, query parameters, defaults and body, and returns `result`", async () => {
    const seen: Array<{ method?: string; url?: string; body: string; key?: string }> = [];
    const url = await fake((req, body, res) => {
      seen.push({ method: req.method, url: req.url, body, key: req.headers["api-key"] as string | undefined });
      json(res, 200, { result: { operation_id: 1, status: "completed" }, status: "ok" });
    });
    const qdrant = createQdrantRest({ url, headers: { "api-key": "k" }, timeoutMs: 5_000 });
    const result = await qdrant.upsert("team votes", { points: [{ id: 1, vector: {}, payload: { a: 1 } }] });
    expect(result).toEqual({ operation_id: 1, status: "completed" });
    expect(seen).toEqual([
      {
        method: "PUT",
        url: "/collections/team%20votes/points?wait=true",
        body: JSON.stringify({ points: [{ id: 1, vector: {}, payload: { a: 1 } }] }),
        key: "k",
      },
    ]);
  });

  it("fails with Qdrant's status and explanation, which the store reports", async () => {
    const url = await fake((_req, _body, res) => json(res, 400, { status: { error: "Wrong input: no vector" } }));
    const qdrant = createQdrantRest({ url, headers: {}, timeoutMs: 5_000 });
    const error: unknown = await qdrant.count("c", {}).catch((e: unknown) => e);
    const failure = knowledgeFailure("count", "c", error);
    expect(failure.status).toBe(400);
    expect(failure.message).toContain("Wrong input: no vector");
    expect(failure.isRetryable).toBe(false);
  });

  it("gives up after its time limit with an error the store retries", async () => {
    const url = await fake(() => undefined); // never answers
    const qdrant = createQdrantRest({ url, headers: {}, timeoutMs: 150 });
    const error: unknown = await qdrant.getCollection("c").catch((e: unknown) => e);
    expect((error as Error).name).toBe("QdrantClientTimeoutError");
    expect(knowledgeFailure("search", "c", error).isRetryable).toBe(true);
  });
});
