import { cutText } from "@flotilla/contracts";

/** Text helpers of the simulated provider: titles and names from the task text. */
export const LABEL = "[simulated]";

/** Task text without simulation directives, shortened for titles. */
export function topic(text: string): string {
  const clean = text
    .replace(/\[sim:[^\]]*\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > 80 ? `${cutText(clean, 77)}...` : clean || "the task";
}

export function slug(text: string): string {
  const words = topic(text)
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, " ")
    .split(" ")
    .filter((w) => w.length > 2)
    .slice(0, 4);
  return words.length ? words.join("-") : "feature";
}

export function camel(s: string): string {
  return s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
