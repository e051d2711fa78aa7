import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { LiveHub } from "./hub.ts";

export { startLiveHub, type LiveHub, type LiveEvent } from "./hub.ts";

const KEEPALIVE_MS = 15_000;

/**
 * `GET /live`: server-sent events for every open page. Each event is JSON the page reads with
 * `JSON.parse` and shows as text; the page fetches the rows and sections it re-renders.
 */
export function liveRoutes(hub: LiveHub): Hono {
  return new Hono().get("/live", (c) =>
    streamSSE(c, async (stream) => {
      const off = hub.subscribe((e) => void stream.writeSSE({ event: e.event, data: JSON.stringify(e.data) }));
      await stream.writeSSE({ event: "hello", data: "{}" });
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      while (!stream.aborted && !stream.closed) {
        await Promise.race([closed, stream.sleep(KEEPALIVE_MS)]);
        if (!stream.aborted && !stream.closed) await stream.writeSSE({ event: "ping", data: "{}" });
      }
      off();
    }),
  );
}
