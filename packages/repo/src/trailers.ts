import { RepoError } from "./errors.ts";

// What git reads as a trailer token; anything else would end up as plain body text.
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const TRAILER_LINE = /^[A-Za-z0-9][A-Za-z0-9-]*:\s/;

/**
 * `message` with `trailers` as its last paragraph, where `git log --format=%(trailers)` reads
 * them. Written here rather than by `git interpret-trailers` or `commit --trailer`: those take a
 * line starting with "#" for a comment and a "---" line for the start of a patch, and would put
 * the trailers above such lines of a body; and they follow `trailer.*` config, which can run
 * commands. Values are kept to one line, since a trailer is one line.
 *
 * @example
 * withTrailers("Add median", { "Flotilla-Task": id }); // "Add median\n\nFlotilla-Task: <id>\n"
 */
export function withTrailers(message: string, trailers: Record<string, string>): string {
  const body = message.replace(/\s+$/, "");
  if (body.trim() === "") throw new RepoError("the commit message is empty; say what the change does", {});
  const lines = Object.entries(trailers).map(([token, value]) => {
    if (!TOKEN.test(token))
      throw new RepoError(`${JSON.stringify(token)} cannot be a trailer name: use letters, digits and -`, { token });
    return `${token}: ${value.replace(/\s+/g, " ").trim()}`;
  });
  if (lines.length === 0) return `${body}\n`;
  // Trailers already ending the message stay in the same paragraph, or git would read only ours.
  const paragraphs = body.split(/\n\s*\n/);
  const last = paragraphs.at(-1) ?? "";
  const endsInTrailers = paragraphs.length > 1 && last.split("\n").every((line) => TRAILER_LINE.test(line));
  return `${body}${endsInTrailers ? "\n" : "\n\n"}${lines.join("\n")}\n`;
}
