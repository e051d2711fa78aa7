import { createQdrantRest, type QdrantApi } from "./qdrant-rest.ts";
import type { Logger } from "@flotilla/log";

export interface QdrantClientOptions {
  url: string;
  apiKey?: string;
  logger: Logger;
  timeoutMs: number;
}

function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** The store's Qdrant calls (qdrant-rest.ts), warning when an API key would cross a network in clear. */
export function createQdrantClient(opts: QdrantClientOptions): QdrantApi {
  const url = new URL(opts.url);
  if (opts.apiKey && url.protocol === "http:" && !isLoopback(url)) {
    opts.logger.warn({ qdrant: url.origin }, "Qdrant API key sent over plain http to a non-loopback host");
  }
  return createQdrantRest({
    url: opts.url,
    headers: {
      // Asked for plainly: a compressed answer over ~1 KB comes as a chunked stream that meets
      // Nagle and delayed ACKs, +40 ms per search with hits on loopback.
      "accept-encoding": "identity",
      "user-agent": "flotilla",
      ...(opts.apiKey ? { "api-key": opts.apiKey } : {}),
    },
    timeoutMs: opts.timeoutMs,
  });
}
