import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The plumbing the fake provider servers share: a loopback HTTP server that records every
 * request, answers each one on the provider's route with the next scripted step (the fallback
 * once the script runs out) and lets a test wait for requests. What goes over the wire, and
 * how a request is recorded, stays with each provider's `ScriptedProtocol`.
 */

/** A scripted reply, or a function answering from the request (fleet tests answer by prompt). */
export type Step<Reply, Recorded> = Reply | ((request: Recorded) => Reply);

export interface Exchange<Recorded> {
  request: Recorded;
  res: ServerResponse;
  /** How many requests `requests` holds, this one included. */
  recorded: number;
}

export interface ScriptedProtocol<Reply, Recorded> {
  /** What the server keeps of a request, given the request and its body text. */
  record(req: IncomingMessage, rawBody: string): Recorded;
  /** Answers a request off the provider's route (a 404, a model list) and says so; false leaves it to the script. */
  answerOffScript(request: Recorded, res: ServerResponse): boolean;
  /** Writes a reply in the provider's wire shape; a hang writes nothing (close() ends it). */
  send(reply: Reply, exchange: Exchange<Recorded>): void | Promise<void>;
  /** The step once the script has run out and no fallback is set: an error saying so. */
  exhausted: Step<Reply, Recorded>;
  /** What `waitForRequests` counts: `requests.length`, or the requests on the provider's route so far. */
  waitCounts: "every request" | "scripted requests";
}

export interface ScriptedServer<Reply, Recorded> {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: Recorded[];
  /** Queues steps, one per request on the provider's route, in order. */
  script(...steps: Array<Step<Reply, Recorded>>): void;
  /** Answers every request the script does not cover. */
  fallback(step: Step<Reply, Recorded>): void;
  /** Resolves once `count` requests (as the protocol counts them) have arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Stops the server, ending hanging replies too. */
  close(): Promise<void>;
}

export async function startScriptedServer<Reply, Recorded>(
  protocol: ScriptedProtocol<Reply, Recorded>,
): Promise<ScriptedServer<Reply, Recorded>> {
  const requests: Recorded[] = [];
  const queue: Array<Step<Reply, Recorded>> = [];
  let fallbackStep = protocol.exhausted;
  let scripted = 0;
  // Counting `requests` itself lets a test that empties it between cases wait afresh.
  const arrivals = arrivalWaiters(() => (protocol.waitCounts === "every request" ? requests.length : scripted));

  const server = createServer(async (req, res) => {
    const request = protocol.record(req, await readBody(req));
    requests.push(request);
    arrivals.check();
    if (protocol.answerOffScript(request, res)) return;
    scripted += 1;
    arrivals.check();
    const step = queue.shift() ?? fallbackStep;
    const reply = typeof step === "function" ? (step as (request: Recorded) => Reply)(request) : step;
    await protocol.send(reply, { request, res, recorded: requests.length });
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
    waitForRequests: arrivals.waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // hanging replies included
      }),
  };
}

/** A request as the Anthropic and Gemini fakes record it: the query apart, the body parsed as JSON. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export function recordJsonRequest(req: IncomingMessage, rawBody: string): RecordedRequest {
  const url = new URL(req.url ?? "/", "http://fake");
  return {
    method: req.method ?? "",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body: rawBody ? JSON.parse(rawBody) : undefined,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Resolves each waiter once `arrived()` reaches its count; `check()` runs after every arrival. */
function arrivalWaiters(arrived: () => number): { check(): void; waitFor(count: number): Promise<void> } {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    check: () => {
      for (const waiter of waiters.filter((w) => arrived() >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    waitFor: (count) =>
      arrived() >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}
