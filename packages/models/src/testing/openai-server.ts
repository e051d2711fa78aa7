import type { IncomingMessage, ServerResponse } from "node:http";
import { startScriptedServer, type Step } from "./scripted-server.ts";

/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire protocol, for the
 * official SDKs (openai, groq-sdk) and anything OpenAI-compatible. Every request is recorded;
 * answers come from a per-test script.
 *
 * @example
 * const fake = await startFakeOpenAI();
 * fake.script(answer('{"ok":true}'), httpError(429, { headers: { "retry-after": "2" } }), hang());
 * createOpenAIAdapter({ model: "gpt-x", apiKey: "sk-test", baseURL: `${fake.url}/v1` });
 * await fake.close();
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whichever fields the SDK under test sent.
  body: any;
}

export type FakeReply =
  | {
      kind: "answer";
      content: string | null;
      refusal?: string;
      finishReason?: string;
      usage?: { prompt_tokens: number; completion_tokens: number };
      model?: string;
      delayMs?: number;
    }
  | {
      kind: "error";
      status: number;
      message?: string;
      type?: string;
      code?: string | null;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  | { kind: "hang" };

/** A scripted step: a reply, or a function of the request (for fleet tests answering by prompt). */
export type ScriptStep = Step<FakeReply, RecordedRequest>;

export function answer(
  content: string | null,
  opts: Omit<Extract<FakeReply, { kind: "answer" }>, "kind" | "content"> = {},
): FakeReply {
  return { kind: "answer", content, ...opts };
}

export function httpError(
  status: number,
  opts: Omit<Extract<FakeReply, { kind: "error" }>, "kind" | "status"> = {},
): FakeReply {
  return { kind: "error", status, ...opts };
}

/** Never answers (until the server closes or the client goes away). */
export function hang(): FakeReply {
  return { kind: "hang" };
}

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>`; OpenAI-style SDKs take `${url}/v1`, groq-sdk takes `url`. */
  url: string;
  requests: RecordedRequest[];
  /** Queue replies, used one per chat-completions request, in order. */
  script(...steps: ScriptStep[]): void;
  /** What to answer once the script is used up (default: a 500 saying the script ran out). */
  fallback(step: ScriptStep): void;
  /** Resolves once `count` chat-completions requests have arrived. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

const CHAT_PATHS = new Set(["/v1/chat/completions", "/openai/v1/chat/completions", "/chat/completions"]);
const MODEL_PATHS = new Set(["/v1/models", "/openai/v1/models", "/models"]);

export async function startFakeOpenAI(options: { models?: string[] } = {}): Promise<FakeOpenAI> {
  let completionId = 0;
  const { waitForRequests, ...server } = await startScriptedServer<FakeReply, RecordedRequest>({
    record,
    waitCounts: "scripted requests",
    answerOffScript: (request, res) => answerOffScript(request, res, options.models ?? ["fake-model"]),
    exhausted: httpError(500, { message: "fake OpenAI server: no scripted reply left", type: "server_error" }),
    send: async (reply, { request, res }) => {
      if (reply.kind === "hang") return; // the socket stays open until close()
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.kind === "error") {
        return send(
          res,
          reply.status,
          {
            error: {
              message: reply.message ?? `fake error ${reply.status}`,
              type: reply.type ?? "api_error",
              code: reply.code ?? null,
            },
          },
          reply.headers,
        );
      }
      const usage = reply.usage ?? { prompt_tokens: 11, completion_tokens: 7 };
      send(res, 200, {
        id: `chatcmpl-fake-${++completionId}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: reply.model ?? request.body?.model ?? "fake-model",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: reply.content,
              ...(reply.refusal ? { refusal: reply.refusal } : {}),
            },
            finish_reason: reply.finishReason ?? "stop",
          },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    },
  });
  return { ...server, received: waitForRequests };
}

/** The model list (for clients that check it) and a 404 for any other route but chat completions. */
function answerOffScript(request: RecordedRequest, res: ServerResponse, models: string[]): boolean {
  const path = request.path.split("?")[0]!;
  if (request.method === "GET" && MODEL_PATHS.has(path)) {
    const data = models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" }));
    send(res, 200, { object: "list", data });
    return true;
  }
  if (request.method === "POST" && CHAT_PATHS.has(path)) return false;
  send(res, 404, {
    error: {
      message: `fake OpenAI server: no route ${request.method} ${path}`,
      type: "invalid_request_error",
      code: "not_found",
    },
  });
  return true;
}

function record(req: IncomingMessage, raw: string): RecordedRequest {
  let body: unknown = raw || undefined;
  try {
    if (raw) body = JSON.parse(raw);
  } catch {
    /* keep the raw text */
  }
  return { method: req.method ?? "", path: req.url ?? "", headers: { ...req.headers }, body };
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
