import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Hono } from "hono";

const CLIENT = new URL("../client/", import.meta.url);

/** Files read once, on first use; Mermaid is 5 MB and only the task page needs it. */
function cached(load: () => Promise<Buffer>): () => Promise<Buffer> {
  let file: Promise<Buffer> | undefined;
  return () => (file ??= load());
}

const FILES = {
  "/assets/dashboard.js": {
    type: "text/javascript; charset=utf-8",
    read: cached(() => readFile(new URL("dashboard.js", CLIENT))),
  },
  "/assets/dashboard.css": {
    type: "text/css; charset=utf-8",
    read: cached(() => readFile(new URL("dashboard.css", CLIENT))),
  },
  // Mermaid from node_modules (the `mermaid` package), never a CDN: the page needs no network.
  "/vendor/mermaid.min.js": {
    type: "text/javascript; charset=utf-8",
    read: cached(() => readFile(createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js"))),
  },
} as const;

/** The client script, the stylesheet and Mermaid. */
export function assetRoutes(): Hono {
  // No icon: answered, so browsers stop asking.
  const app = new Hono().get("/favicon.ico", (c) => c.body(null, 204));
  for (const [path, file] of Object.entries(FILES))
    app.get(path, async (c) => {
      c.header("Content-Type", file.type);
      c.header("Cache-Control", path.startsWith("/vendor/") ? "public, max-age=86400" : "no-cache");
      return c.body(new Uint8Array(await file.read()));
    });
  return app;
}
