import { Agent, request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import type { QdrantClient } from "@qdrant/js-client-rest";

/**
 * The Qdrant calls the store and ingestion make, with the official client's own signatures and
 * types. They go over `node:http` rather than through `@qdrant/js-client-rest`: that client
 * loads the `undici` package for its connection pool and sends through `fetch`, two HTTP stacks
 * (one compiling its parser to WebAssembly) costing each team ~12 MB of its ~100 at idle, for
 * twelve JSON calls over a kept-alive loopback socket.
 */
export type QdrantApi = Pick<
  QdrantClient,
  | "getCollection"
  | "collectionExists"
  | "createCollection"
  | "deleteCollection"
  | "createPayloadIndex"
  | "upsert"
  | "delete"
  | "setPayload"
  | "scroll"
  | "count"
  | "retrieve"
  | "query"
>;

// Where each call goes, which of its arguments are query parameters (the rest is the JSON body),
// and the defaults the official client fills in.
const ROUTES: Record<keyof QdrantApi, { method: string; path: string; query?: string[]; defaults?: object }> = {
  getCollection: { method: "GET", path: "" },
  collectionExists: { method: "GET", path: "/exists" },
  createCollection: { method: "PUT", path: "", query: ["timeout"] },
  deleteCollection: { method: "DELETE", path: "", query: ["timeout"] },
  createPayloadIndex: { method: "PUT", path: "/index", query: ["wait", "ordering", "timeout"] },
  upsert: { method: "PUT", path: "/points", query: ["wait", "ordering", "timeout"], defaults: { wait: true } },
  delete: { method: "POST", path: "/points/delete", query: ["wait", "ordering", "timeout"] },
  setPayload: {
    method: "POST",
    path: "/points/payload",
    query: ["wait", "ordering", "timeout"],
    defaults: { wait: true },
  },
  scroll: {
    method: "POST",
    path: "/points/scroll",
    query: ["consistency", "timeout"],
    defaults: { limit: 10, with_payload: true, with_vector: false },
  },
  count: { method: "POST", path: "/points/count", query: ["timeout"], defaults: { exact: true } },
  retrieve: { method: "POST", path: "/points", query: ["consistency", "timeout"], defaults: { with_payload: true } },
  query: { method: "POST", path: "/points/query", query: ["consistency", "timeout"] },
};

export interface QdrantRestOptions {
  /** e.g. http://127.0.0.1:6333 */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * A failed call as the official client reports it: `status` and Qdrant's answer in `data`
 * (`{ status: { error } }`), which `knowledgeFailure` reads.
 */
export class QdrantHttpError extends Error {
  override readonly name = "QdrantHttpError";
  constructor(
    readonly status: number,
    readonly data: unknown,
    readonly headers: Record<string, string | string[] | undefined>,
  ) {
    super(`Qdrant answered ${status}`);
  }
}

/**
 * @example
 * const qdrant = createQdrantRest({ url: "http://127.0.0.1:6333", headers: {}, timeoutMs: 60_000 });
 * const { exists } = await qdrant.collectionExists("design_principles");
 */
export function createQdrantRest(opts: QdrantRestOptions): QdrantApi {
  const base = new URL(opts.url.replace(/\/+$/, ""));
  // One pool of kept-alive sockets, as many as the official client's default.
  const agent = new Agent({ keepAlive: true, maxSockets: 25 });
  const https = base.protocol === "https:" ? import("node:https") : undefined;

  async function call(name: keyof QdrantApi, collection: string, args: object = {}): Promise<unknown> {
    const route = ROUTES[name];
    const url = new URL(
      `${base.pathname.replace(/\/$/, "")}/collections/${encodeURIComponent(collection)}${route.path}`,
      base,
    );
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries({ ...route.defaults, ...args })) {
      if (value === undefined) continue;
      if (route.query?.includes(key)) url.searchParams.set(key, String(value));
      else body[key] = value;
    }
    const payload = route.method === "GET" || route.method === "DELETE" ? undefined : JSON.stringify(body);
    const headers = { ...opts.headers, ...(payload ? { "content-type": "application/json" } : {}) };
    const send = https ? (await https).request : httpRequest;
    const options: RequestOptions = { method: route.method, headers, signal: AbortSignal.timeout(opts.timeoutMs) };
    if (!https) options.agent = agent;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, options, resolve);
      req.once("error", (err) => reject(timedOut(err, opts.timeoutMs)));
      req.end(payload);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const data = parsed(Buffer.concat(chunks).toString("utf8"));
    const status = response.statusCode ?? 0;
    if (status !== 200 && status !== 201) throw new QdrantHttpError(status, data, response.headers);
    return (data as { result?: unknown } | undefined)?.result;
  }

  const api = Object.fromEntries(
    Object.keys(ROUTES).map((name) => [
      name,
      (collection: string, args?: object) => call(name as keyof QdrantApi, collection, args),
    ]),
  );
  // Each method returns what Qdrant's OpenAPI schema says for its route, as the official client does.
  return api as unknown as QdrantApi;
}

/** Qdrant answers JSON; a proxy in front of it may not. */
function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** An aborted request is a timeout: the name the official client gives it, which the store retries. */
function timedOut(err: Error, ms: number): Error {
  if (err.name !== "AbortError") return err;
  const timeout = new Error(`Qdrant did not answer within ${ms} ms`, { cause: err });
  timeout.name = "QdrantClientTimeoutError";
  return timeout;
}
