import type { ServerResponse } from "node:http";
import { recordJsonRequest, startScriptedServer, type RecordedRequest } from "./scripted-server.ts";

export type { RecordedRequest } from "./scripted-server.ts";

/**
 * A local server speaking Anthropic's Messages API (`POST /v1/messages`), answering each
 * request with the next scripted reply and recording what it received.
 */
export type AnthropicReply =
  /** A tool_use answer carrying `answer`, named after the tool the request forced. */
  | { answer: unknown; usage?: { input_tokens: number; output_tokens: number }; stop_reason?: string }
  /** A message body sent as is (e.g. a text-only answer). */
  | { message: Record<string, unknown> }
  /** An API error in Anthropic's shape: `{ type: "error", error: { type, message } }`. */
  | { status: number; errorType?: string; message?: string; headers?: Record<string, string> }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { hang: true };

export interface FakeAnthropic {
  /** Base URL to give the SDK (`baseURL`). */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, used in order; once they run out every request gets a 500 (or the fallback). */
  script(...replies: AnthropicReply[]): void;
  /** Answers every request the script does not cover, from the request (fleet tests). */
  fallback(responder: (request: RecordedRequest) => AnthropicReply): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  let n = 0;
  return startScriptedServer<AnthropicReply, RecordedRequest>({
    record: recordJsonRequest,
    waitCounts: "every request",
    answerOffScript: (request, res) => {
      if (request.method === "POST" && request.path === "/v1/messages") return false;
      sendError(res, 404, "not_found_error", `no route ${request.method} ${request.path}`);
      return true;
    },
    exhausted: { status: 500, errorType: "api_error", message: "fake anthropic: no scripted reply left" },
    send: (reply, { request, res }) => {
      if ("hang" in reply) return;
      if ("status" in reply)
        return sendError(
          res,
          reply.status,
          reply.errorType ?? ERROR_TYPES[reply.status] ?? "api_error",
          reply.message ?? `scripted ${reply.status}`,
          reply.headers,
        );
      if ("message" in reply) return sendJson(res, 200, reply.message);
      n += 1;
      const body = request.body as { model?: unknown; tool_choice?: { name?: string } } | undefined;
      sendJson(res, 200, {
        id: `msg_fake_${n}`,
        type: "message",
        role: "assistant",
        model: body?.model ?? "claude-fake",
        content: [
          { type: "tool_use", id: `toolu_fake_${n}`, name: body?.tool_choice?.name ?? "answer", input: reply.answer },
        ],
        stop_reason: reply.stop_reason ?? "tool_use",
        stop_sequence: null,
        usage: reply.usage ?? { input_tokens: 10, output_tokens: 5 },
      });
    },
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${Date.now()}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): void {
  sendJson(res, status, { type: "error", error: { type, message } }, headers);
}
