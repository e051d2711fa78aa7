import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startQdrant, type ServerHandle } from "@flotilla/infra";
import { createLogger, type Logger } from "@flotilla/log";
import { createKnowledgeStore, type KnowledgeStore } from "../src/index.ts";

export const logger = createLogger({ name: "knowledge-test", level: process.env.LOG_LEVEL ?? "silent" });

/** A real Qdrant in a temp dir, for one test file. */
export async function qdrantFixture(): Promise<{ server: ServerHandle; store: KnowledgeStore; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-knowledge-"));
  const server = await startQdrant({ dataDir: dir });
  return {
    server,
    store: createKnowledgeStore({ url: server.url, logger }),
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Raw REST read, independent of the code under test. */
export async function qdrantGet<T = unknown>(url: string, path: string): Promise<T> {
  const res = await fetch(`${url}${path}`);
  return ((await res.json()) as { result: T }).result;
}

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

/** An HTTP proxy in front of Qdrant that records every request, to assert what we send. */
export async function recordingProxy(
  target: string,
): Promise<{ url: string; requests: Recorded[]; headers: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const headers: IncomingHttpHeaders[] = []; // headers[i] belongs to requests[i]
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        body: raw.length ? JSON.parse(raw.toString()) : undefined,
      });
      headers.push(req.headers);
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  msg: string;
}

/** A logger that keeps its lines in memory, to assert what was (and was not) logged. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (bindings: Record<string, unknown>): unknown => {
    const at = (level: string) => (fieldsOrMsg: unknown, msg?: string) => {
      const fields =
        typeof fieldsOrMsg === "object" && fieldsOrMsg !== null ? (fieldsOrMsg as Record<string, unknown>) : {};
      lines.push({
        level,
        fields: { ...bindings, ...fields },
        msg: typeof fieldsOrMsg === "string" ? fieldsOrMsg : (msg ?? ""),
      });
    };
    return {
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
      fatal: at("fatal"),
      error: at("error"),
      warn: at("warn"),
      info: at("info"),
      debug: at("debug"),
      trace: at("trace"),
    };
  };
  return { logger: make({}) as Logger, lines };
}
