import type { ServerResponse } from "node:http";
import { recordJsonRequest, startScriptedServer, type RecordedRequest } from "./scripted-server.ts";

export type { RecordedRequest } from "./scripted-server.ts";

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
  return startScriptedServer<GeminiReply, RecordedRequest>({
    record: recordJsonRequest,
    waitCounts: "every request",
    answerOffScript: (request, res) => {
      if (request.method === "POST" && ROUTE.test(request.path)) return false;
      sendError(res, 404, `no route ${request.method} ${request.path}`);
      return true;
    },
    exhausted: { status: 500, message: "fake gemini: no scripted reply left" },
    send: (reply, { request, res, recorded }) => {
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
        modelVersion: decodeURIComponent(ROUTE.exec(request.path)![1]!),
        responseId: `fake-${recorded}`,
      });
    },
  });
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
