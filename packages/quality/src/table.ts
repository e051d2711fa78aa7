/**
 * Left-aligned plain-text columns, two spaces apart, trailing spaces trimmed.
 *
 * @example
 * table(["a", "bb"], [["1", "2"]]) // "a  bb\n1  2"
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? "")].length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - [...cell].length))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
