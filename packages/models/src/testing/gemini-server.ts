import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server speaking the Gemini API's `POST /v1beta/models/{model}:generateContent`,
 * answering each request with the next scripted reply and recording what it received.
 */
export type GeminiReply =
  /** One candidate whose single part is `text`. */
  | {
      text: string;
      usage?: { promptTokenCount: number; candidatesTokenCount: number; thoughtsTokenCount?: number };
      finishReason?: string;
    }
  /** A response body sent as is (e.g. no candidates, a blocked prompt). */
  | { response: Record<string, unknown> }
  /** An API error in Google's shape: `{ error: { code, message, status, details } }`. */
  | { status: number; message?: string; rpcStatus?: string; details?: unknown[]; headers?: Record<string, string> }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeGemini {
  /** Base URL to give the SDK (`httpOptions.baseUrl`). */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, used in order; once they run out every request gets a 500. */
  script(...replies: GeminiReply[]): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const RPC_STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const ROUTE = /^\/v1beta\/models\/([^/:]+):generateContent$/;

export async function startFakeGemini(): Promise<FakeGemini> {
  const requests: RecordedRequest[] = [];
  const queue: GeminiReply[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });
    for (const w of waiters.filter((w) => requests.length >= w.count)) w.resolve();

    const route = ROUTE.exec(url.pathname);
    if (req.method !== "POST" || !route) return sendError(res, 404, `no route ${req.method} ${url.pathname}`);
    const reply = queue.shift();
    if (!reply) return sendError(res, 500, "fake gemini: no scripted reply left");
    if ("hang" in reply) return;
    if ("status" in reply)
      return sendError(
        res,
        reply.status,
        reply.message ?? `scripted ${reply.status}`,
        reply.rpcStatus,
        reply.details,
        reply.headers,
      );
    if ("response" in reply) return sendJson(res, 200, reply.response);
    const usage = reply.usage ?? { promptTokenCount: 10, candidatesTokenCount: 5 };
    sendJson(res, 200, {
      candidates: [
        {
          content: { role: "model", parts: [{ text: reply.text }] },
          finishReason: reply.finishReason ?? "STOP",
          index: 0,
        },
      ],
      usageMetadata: {
        ...usage,
        totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0),
      },
      modelVersion: decodeURIComponent(route[1]!),
      responseId: `fake-${requests.length}`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  code: number,
  message: string,
  rpcStatus?: string,
  details?: unknown[],
  headers?: Record<string, string>,
): void {
  sendJson(
    res,
    code,
    { error: { code, message, status: rpcStatus ?? RPC_STATUS[code] ?? "UNKNOWN", ...(details ? { details } : {}) } },
    headers,
  );
}
