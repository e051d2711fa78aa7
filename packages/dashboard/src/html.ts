import { html, raw } from "hono/html";

export { html, raw };

/** What a view returns: escaped HTML (every interpolated value is escaped unless it is `Html` itself). */
export type Html = ReturnType<typeof html>;

/** `1.4 s`, `3 min 05 s`, `—` when unknown. */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return minutes < 60 ? `${minutes} min ${String(seconds).padStart(2, "0")} s` : `${(minutes / 60).toFixed(1)} h`;
}

/** Milliseconds between two ISO times (the second default: now). */
export const between = (from: string | undefined, to?: string) =>
  from === undefined ? undefined : Date.parse(to ?? new Date().toISOString()) - Date.parse(from);

/** `2026-11-27 14:03:09` in UTC: the same for every viewer, and sorts as text. */
export const time = (iso: string | undefined) => (iso ? iso.replace("T", " ").replace(/\.\d+Z?$|Z$/, "") : "—");

export const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? "—" : `${Math.round(ratio * 100)}%`;

export const fixed = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined ? "—" : x.toFixed(digits);

/** A long text cut for a table cell; the whole text stays in the title. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A section that could not be read (Qdrant down, an object gone) says why instead of failing the page. */
export const unavailable = (what: string, err: unknown) =>
  html`<p class="unavailable">${what} unavailable: ${err instanceof Error ? err.message : String(err)}</p>`;
