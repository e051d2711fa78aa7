import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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
export type ScriptStep = FakeReply | ((request: RecordedRequest) => FakeReply);

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
  const requests: RecordedRequest[] = [];
  const queue: ScriptStep[] = [];
  let fallbackStep: ScriptStep = httpError(500, {
    message: "fake OpenAI server: no scripted reply left",
    type: "server_error",
  });
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let chatCount = 0;
  let completionId = 0;

  const server = createServer(async (req, res) => {
    const recorded = await record(req);
    const path = recorded.path.split("?")[0]!;
    requests.push(recorded);
    if (req.method === "GET" && MODEL_PATHS.has(path)) {
      const data = (options.models ?? ["fake-model"]).map((id) => ({
        id,
        object: "model",
        created: 0,
        owned_by: "fake",
      }));
      return send(res, 200, { object: "list", data });
    }
    if (req.method !== "POST" || !CHAT_PATHS.has(path)) {
      return send(res, 404, {
        error: {
          message: `fake OpenAI server: no route ${req.method} ${path}`,
          type: "invalid_request_error",
          code: "not_found",
        },
      });
    }
    chatCount++;
    for (const w of waiters.filter((w) => chatCount >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    const step = queue.shift() ?? fallbackStep;
    const reply = typeof step === "function" ? step(recorded) : step;
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
      model: reply.model ?? recorded.body?.model ?? "fake-model",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: reply.content, ...(reply.refusal ? { refusal: reply.refusal } : {}) },
          finish_reason: reply.finishReason ?? "stop",
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...steps) => {
      queue.push(...steps);
    },
    fallback: (step) => {
      fallbackStep = step;
    },
    received: (count) =>
      chatCount >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // hanging replies included
      }),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
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
