import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort, waitUntil } from "@flotilla/infra";
import { nodeCommand } from "../build/index.ts";
import { ROOT } from "../paths.ts";

export interface BenchDashboard {
  url: string;
  /** Rows the open page fetched, as a browser tab re-renders them. */
  fetched(): number;
  stop(): Promise<void>;
}

/** Reads an event stream, calling `onEvent` with each event's name and data. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void) {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      onEvent(name, /^data: (.*)$/m.exec(block)?.[1] ?? "");
    }
  }
}

/**
 * `bench --dashboard`: the dashboard as `up` runs it (a process of its own, on the bench's
 * servers) with one task list open: its live stream read, each moved task's row fetched as the
 * page does (at most every 100 ms), so the figures include what a watched fleet pays.
 */
export async function benchDashboard(env: NodeJS.ProcessEnv, dir: string): Promise<BenchDashboard> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, await nodeCommand("dashboard"), {
    cwd: ROOT,
    stdio: "ignore",
    env: {
      ...env,
      FLOTILLA_DASHBOARD_HOST: "127.0.0.1",
      FLOTILLA_DASHBOARD_PORT: String(port),
      FLOTILLA_DASHBOARD_TOKEN: "",
      LOG_FILE: join(dir, "dashboard.log"),
    },
  });
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error(`the dashboard exited at start (code ${child.exitCode})`);
    return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true;
  }, "the dashboard to answer");
  const stream = new AbortController();
  const pending = new Set<string>();
  let fetched = 0;
  const res = await fetch(`${url}/live`, { signal: stream.signal });
  void readEvents(res.body!, (name, data) => {
    if (name === "progress" || name === "task") pending.add((JSON.parse(data) as { task_id: string }).task_id);
  }).catch(() => undefined);
  const timer = setInterval(() => {
    for (const id of pending)
      void fetch(`${url}/tasks/${id}/row`)
        .then(
          (r) => r.text(),
          () => "",
        )
        .then(() => fetched++);
    pending.clear();
  }, 100);
  return {
    url,
    fetched: () => fetched,
    async stop() {
      clearInterval(timer);
      stream.abort();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
