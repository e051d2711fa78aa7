import { html, type Html } from "../html.ts";

/** What a cell holds: text and figures are escaped by `html`; `Html` was escaped where it was built. */
export type Content = Html | string | number | undefined;

/** Attributes of a `<tr>` or `<td>` (class, title, data-*): values escaped, an undefined one left out. */
export type Attributes = Readonly<Record<string, string | undefined>>;

/** One column: its head, its cell for an item, and the cell's attributes (fixed, or per item). */
export interface Column<T> {
  head: string;
  cell: (item: T) => Content;
  td?: Attributes | ((item: T) => Attributes);
}

export interface TableOptions<T> {
  /** The table's class: what the stylesheet, the client and the tests select on. */
  class: string;
  /** Said instead of an empty table (no rows); without it an empty table is still drawn. */
  empty?: string;
  /** Attributes of an item's row. */
  tr?: (item: T) => Attributes;
}

// Names are written in our code, never taken from data; values go through `html`, which escapes them.
const attributes = (attrs: Attributes | undefined): Html[] =>
  Object.entries(attrs ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [html` ${name}="${value}"`]));

/** A table of items, a row each: every cell goes through `html`, so model and user text stays text. */
export function table<T>(columns: readonly Column<T>[], items: readonly T[], options: TableOptions<T>): Html {
  if (items.length === 0 && options.empty !== undefined) return html`<p class="muted">${options.empty}</p>`;
  const row = (item: T) =>
    html`<tr${attributes(options.tr?.(item))}>
      ${columns.map(
        ({ cell, td }) => html`<td${attributes(typeof td === "function" ? td(item) : td)}>${cell(item)}</td>`,
      )}
    </tr>`;
  return html`<table class="${options.class}">
    <thead>
      <tr>
        ${columns.map((c) => html`<th>${c.head}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${items.map(row)}
    </tbody>
  </table>`;
}
