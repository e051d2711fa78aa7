import { describe, expect, it } from "vitest";
import { html } from "../src/html.ts";
import { table, type Column } from "../src/html/table.ts";
import { ballots } from "../src/task/tables.ts";
import type { BallotRecord } from "../src/task/records.ts";

const SCRIPT = "<script>window.__xss=1</script>";
const ESCAPED = "&lt;script&gt;window.__xss=1&lt;/script&gt;";
const text = async (html: unknown) => String(await html);

interface Item {
  name: string;
  n: number;
  note?: string;
}
const COLUMNS: Column<Item>[] = [
  { head: "name", cell: (i) => i.name, td: { class: "name" } },
  { head: "n", cell: (i) => i.n, td: (i) => ({ title: i.note }) },
  { head: "link", cell: (i) => html`<a href="/x/${i.name}">go</a>` },
];

describe("table", () => {
  it("escapes every cell and attribute value, and keeps the markup cells were built with", async () => {
    const out = await text(
      table(COLUMNS, [{ name: SCRIPT, n: 3, note: `"${SCRIPT}` }], {
        class: "items",
        tr: (i) => ({ "data-name": i.name, class: undefined }),
      }),
    );
    expect(out).not.toContain("<script>");
    expect(out).toContain('<table class="items">');
    expect(out).toContain(`<tr data-name="${ESCAPED}">`);
    expect(out).toContain(`<td class="name">${ESCAPED}</td>`);
    expect(out).toContain(`<td title="&quot;${ESCAPED}">3</td>`);
    expect(out).toContain(`<a href="/x/${ESCAPED}">go</a>`);
    expect(out.match(/<th>/g)).toHaveLength(3);
  });

  it("says its empty message instead of an empty table, and draws one without it", async () => {
    expect(await text(table(COLUMNS, [], { class: "items", empty: `none ${SCRIPT}` }))).toBe(
      `<p class="muted">none ${ESCAPED}</p>`,
    );
    expect(await text(table(COLUMNS, [], { class: "items" }))).toContain("<tbody>");
  });

  it("renders a ballot's model text as text, the chosen one marked", async () => {
    const ballot = {
      round: 1,
      attempt: 1,
      agent: "mallory",
      provider: "p",
      model: "m",
      vote: "approve",
      confidence: 0.9,
      rationale: SCRIPT,
      suggested_improvements: [SCRIPT],
      chosen: true,
    } as unknown as BallotRecord;
    const out = await text(ballots([ballot]));
    expect(out).not.toContain("<script>");
    expect(out).toContain('<tr class="chosen">');
    expect(out).toContain('<td class="model">p/m</td>');
    expect(out).toContain(`<div class="prose">${ESCAPED}</div>`);
    expect(out).toContain(`<li>${ESCAPED}</li>`);
  });
});
