import { describe, expect, it } from "vitest";
import { renderObject } from "../src/task/artifact.ts";
import { markdown } from "../src/task/markdown.ts";
import { renderRow } from "../src/tasks/render.ts";
import type { TaskRow } from "../src/tasks/row.ts";

const SCRIPT = "<script>window.__xss=1</script>";
const text = async (html: unknown) => String(await html);

describe("model text on the page", () => {
  it("is escaped in a task's row", async () => {
    const row: TaskRow = {
      task_id: "6d0f8f1e-1a2b-4c3d-8e9f-000000000001",
      description: `Add greet ${SCRIPT}`,
      status: "running",
      phase: "working",
      current_step: "implement",
      packets_done: 1,
      packets_total: 4,
      rounds: 1,
      started_at: "2026-11-27T10:00:00.000Z",
      updated_at: "2026-11-27T10:00:01.000Z",
      simulated: true,
      priority: "medium",
    };
    const html = await text(renderRow(row, undefined));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;");
  });

  it("keeps markdown's formatting and drops scripts, handlers and javascript: links", async () => {
    const html = await text(
      markdown(`# Title\n\n${SCRIPT}\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1)) and **bold**`),
    );
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toMatch(/<script|onerror|<img|javascript:/);
  });

  it("turns a mermaid block, and a DocBundle's diagram, into a pre.mermaid holding escaped source", async () => {
    const md = await text(markdown('```mermaid\nflowchart LR\n  a --> b["<b>x</b>"]\n```'));
    expect(md).toContain('<pre class="mermaid">flowchart LR\n  a --&gt; b["&lt;b&gt;x&lt;/b&gt;"]</pre>');
    const doc = await text(
      renderObject({
        ref: { object_store: "documentation_artifacts", key: "t/docs/r1/docs.json" },
        kind: "artifact",
        text: JSON.stringify({
          summary: `Docs ${SCRIPT}`,
          markdown: "## Usage",
          diagram_mermaid: "flowchart LR\n a --> b",
        }),
      }),
    );
    expect(doc).toContain("<h2>Usage</h2>");
    expect(doc).toContain('<pre class="mermaid">flowchart LR\n a --&gt; b</pre>');
    expect(doc).not.toContain("<script>");
  });
});
