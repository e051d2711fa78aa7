import { html, type Html } from "../html.ts";

export type Section = "tasks" | "leaderboard" | "ledger" | "dlq";

const NAV: ReadonlyArray<[Section, string, string]> = [
  ["tasks", "/tasks", "Tasks"],
  ["leaderboard", "/leaderboard", "Leaderboard"],
  ["ledger", "/ledger", "Ledger"],
  ["dlq", "/dlq", "DLQ"],
];

export interface PageOptions {
  title: string;
  section: Section;
  body: Html;
  /** What the client script does on this page: `tasks` (the live list), `task` (one task, live). */
  live?: "tasks" | "task";
  taskId?: string;
  /** Load Mermaid (a page that may hold diagrams). */
  mermaid?: boolean;
}

/**
 * The shell of every page: navigation, the stylesheet, the client script (and Mermaid where
 * diagrams may be). Scripts are files of the dashboard only: the CSP forbids inline ones.
 */
export function page(opts: PageOptions): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · Flotilla</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        ${opts.mermaid ? html`<script src="/vendor/mermaid.min.js" defer></script>` : ""}
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body data-live="${opts.live ?? ""}" data-task="${opts.taskId ?? ""}">
        <header>
          <strong>Flotilla</strong>
          <nav>
            ${NAV.map(
              ([id, href, label]) => html`<a href="${href}" class="${id === opts.section ? "here" : ""}">${label}</a>`,
            )}
          </nav>
          ${opts.live ? html`<span id="live-state" class="muted" title="server-sent events from NATS">connecting…</span>` : ""}
        </header>
        <main>${opts.body}</main>
      </body>
    </html>`;
}
