import { cutText } from "@flotilla/contracts";

/** JSON of a value for a prompt, cut to a size a model can take. */
export function excerpt(value: unknown, max = 12_000): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text.length > max ? `${cutText(text, max)}\n... (${text.length - max} more characters)` : text;
}
