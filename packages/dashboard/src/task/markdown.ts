import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { html, raw, type Html } from "../html.ts";

/** `<pre class="mermaid">` holding the escaped source: the page's Mermaid (securityLevel strict) draws it. */
export const mermaidBlock = (source: string): Html => html`<pre class="mermaid">${source}</pre>`;

// One parser of our own: a `mermaid` code block becomes a diagram to draw, not code to show.
const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      return lang?.trim() === "mermaid" ? String(mermaidBlock(text)) : false;
    },
  },
});

/** What model-written markdown may become: text formatting, lists, tables, code; no script, style, form or event. */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "img"), "h1", "h2", "del"],
  allowedAttributes: {
    a: ["href", "title"],
    code: ["class"],
    pre: ["class"],
    th: ["align"],
    td: ["align"],
  },
  allowedClasses: { pre: ["mermaid"], code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
};

/**
 * Model-written markdown as safe HTML: `marked` renders it, `sanitize-html` keeps only the tags
 * and attributes above (a `<script>` in the text is dropped, a link to `javascript:` loses its href).
 *
 * @example
 * markdown("# Title\n<script>alert(1)</script>") // <h1>Title</h1> and nothing else
 */
export function markdown(text: string): Html {
  const rendered = marked.parse(text, { async: false });
  return raw(sanitizeHtml(rendered, ALLOWED));
}
