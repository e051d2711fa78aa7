import { html, type Html } from "../html.ts";
import type { StoredObject } from "./load.ts";
import { markdown, mermaidBlock } from "./markdown.ts";

/** Fields of the work outputs written in markdown (DocBundle). */
const MARKDOWN = new Set(["markdown", "api_reference", "release_notes"]);
/** Fields holding a Mermaid diagram's source. */
const MERMAID = new Set(["diagram_mermaid"]);
/** Above this, a text is shown cut: the object store has the whole. */
const MAX_TEXT = 200_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A file of a change set or test suite: `{ path, content }`, `{ op, path, diff }`, `{ op: "delete", path }`. */
const isFile = (v: unknown): v is { path: string; op?: string; content?: string; diff?: string } =>
  isRecord(v) && typeof v.path === "string";

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n… (cut)` : text);

function file(f: { path: string; op?: string; content?: string; diff?: string }): Html {
  const body = f.content ?? f.diff;
  return html`<details class="file">
    <summary><code>${f.path}</code>${f.op ? html` <span class="muted">${f.op}</span>` : ""}</summary>
    ${body === undefined ? "" : html`<pre>${cut(body)}</pre>`}
  </details>`;
}

function value(key: string, v: unknown): Html {
  if (typeof v === "string") {
    if (MARKDOWN.has(key)) return html`<div class="markdown">${markdown(cut(v))}</div>`;
    if (MERMAID.has(key)) return v.trim() ? mermaidBlock(v) : html`<span class="muted">none</span>`;
    return v.includes("\n") ? html`<pre>${cut(v)}</pre>` : html`<span>${v}</span>`;
  }
  if (Array.isArray(v) && v.every(isFile)) return html`${v.map(file)}`;
  if (Array.isArray(v) && v.every((x) => typeof x === "string"))
    return v.length
      ? html`<ul>
          ${v.map((x) => html`<li>${x}</li>`)}
        </ul>`
      : html`<span class="muted">none</span>`;
  return html`<pre>${cut(JSON.stringify(v, null, 2))}</pre>`;
}

/** A work output field by field: its summary first, markdown rendered, diagrams drawn, files folded. */
function fields(output: Record<string, unknown>): Html {
  const { summary, simulated: _simulated, ...rest } = output;
  return html`${typeof summary === "string" ? html`<p class="summary">${summary}</p>` : ""}
    <dl class="fields">
      ${Object.entries(rest).map(
        ([key, v]) =>
          html`<dt>${key}</dt>
            <dd>${value(key, v)}</dd>`,
      )}
    </dl>`;
}

/**
 * A stored object as a person reads it. Every model-written string is escaped or, for markdown,
 * sanitized; a diagram becomes a `pre.mermaid` the page draws as SVG.
 */
export function renderObject(obj: StoredObject): Html {
  const where = html`<p class="ref"><code>${obj.ref.object_store}/${obj.ref.key}</code></p>`;
  if (obj.text === undefined)
    return html`${where}
      <p class="unavailable">${obj.error ?? "not readable"}</p>`;
  if (obj.kind === "diagram") return html`${where}${mermaidBlock(obj.text)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(obj.text);
  } catch {
    return html`${where}
      <pre>${cut(obj.text)}</pre>`;
  }
  return html`${where}${isRecord(parsed) ? fields(parsed) : value("", parsed)}`;
}
