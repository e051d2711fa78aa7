import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on 127.0.0.1 speaking the embeddings wire protocols of OpenAI (and so
 * Ollama: `POST /v1/embeddings`, float or base64) and Gemini (`POST
 * /v1beta/models/{model}:batchEmbedContents`), for the official SDKs. Vectors are
 * deterministic (see `fakeEmbedding`); every request is recorded; `failNext` scripts errors.
 *
 * @example
 * const fake = await startFakeEmbeddings();
 * await createOpenAIEmbedder({ apiKey: "sk-test", baseURL: `${fake.url}/v1`, dimensions: 64 });
 */

/** A request body as the SDKs send it: OpenAI's (and so Ollama's) fields, or Gemini's `requests`. */
export interface EmbeddingBody {
  model?: string;
  input?: string | string[];
  dimensions?: number;
  encoding_format?: string;
  requests?: Array<{
    model: string;
    content: { role?: string; parts: Array<{ text: string }> };
    outputDimensionality?: number;
  }>;
}

export interface EmbeddingRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Typed as the JSON the SDKs send; a body that does not parse (they send none) is kept as its raw text. */
  body: EmbeddingBody;
}

export interface FakeEmbeddings {
  url: string;
  /** Every request, including failed ones. */
  requests: EmbeddingRequest[];
  /** The next `times` embedding requests answer `status` with an error body. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** Words the fake treats as one meaning, so a dense search can find what BM25 cannot. */
const SYNONYMS: Record<string, string> = {
  automobile: "car",
  vehicle: "car",
  cars: "car",
  physician: "doctor",
  medic: "doctor",
};

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Hashed bag of words into `dims` buckets (synonyms folded), L2-normalised; never the zero vector. */
export function fakeEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const word = SYNONYMS[raw] ?? raw;
    const h = fnv1a(word);
    v[h % dims]! += h & 0x80000000 ? -1 : 1;
  }
  if (!v.some((x) => x !== 0)) v[0] = 1;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):batchEmbedContents$/;

export async function startFakeEmbeddings(options: { defaultDimensions?: number } = {}): Promise<FakeEmbeddings> {
  const defaultDims = options.defaultDimensions ?? 64;
  const requests: EmbeddingRequest[] = [];
  const failures: number[] = [];

  const server = createServer(async (req, res) => {
    const recorded = await record(req);
    requests.push(recorded);
    const path = recorded.path.split("?")[0]!;
    const gemini = req.method === "POST" ? GEMINI_PATH.exec(path) : null;
    const openai = req.method === "POST" && path === "/v1/embeddings";
    if (!gemini && !openai)
      return send(res, 404, { error: { message: `fake embeddings: no route ${req.method} ${path}` } });
    const status = failures.shift();
    if (status !== undefined)
      return send(res, status, {
        error: { code: status, message: `fake embeddings error ${status}`, type: "server_error" },
      });
    if (gemini) {
      const embeddings = (
        recorded.body.requests as Array<{ content: { parts: Array<{ text: string }> }; outputDimensionality?: number }>
      ).map((r) => ({
        values: fakeEmbedding(r.content.parts.map((p) => p.text).join(" "), r.outputDimensionality ?? defaultDims),
      }));
      return send(res, 200, { embeddings });
    }
    const { input, model, dimensions, encoding_format } = recorded.body as {
      input: string | string[];
      model: string;
      dimensions?: number;
      encoding_format?: string;
    };
    const texts = Array.isArray(input) ? input : [input];
    const data = texts.map((text, index) => {
      const vector = fakeEmbedding(text, dimensions ?? defaultDims);
      const embedding =
        encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
      return { object: "embedding", index, embedding };
    });
    send(res, 200, { object: "list", data, model, usage: { prompt_tokens: texts.length, total_tokens: texts.length } });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function record(req: IncomingMessage): Promise<EmbeddingRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  let body: unknown = raw || undefined;
  try {
    if (raw) body = JSON.parse(raw);
  } catch {
    /* keep the raw text */
  }
  return { method: req.method ?? "", path: req.url ?? "", headers: { ...req.headers }, body: body as EmbeddingBody };
}

function send(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
