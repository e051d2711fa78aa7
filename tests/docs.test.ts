import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigSchema, loadConfig } from "@flotilla/config";
import { generatedBlock, renderSubjectTable, SUBJECTS_DOC } from "../scripts/docs-subjects.ts";

// The docs say what the code does: these keep the parts that can drift silently in step with it.
const ROOT = resolve(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const DOCS = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
const anchorsOf = (markdown: string) =>
  new Set([...markdown.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!.trim())));

describe("the docs", () => {
  it("show the subject catalogue as it is (pnpm docs:subjects rewrites the table)", () => {
    expect(generatedBlock(readFileSync(SUBJECTS_DOC, "utf8")), "run pnpm docs:subjects").toBe(renderSubjectTable());
  });

  it("give every configuration variable with its default in docs/configuration.md", () => {
    const doc = read("docs/configuration.md");
    const defaults = loadConfig({}) as Record<string, unknown>;
    for (const key of Object.keys(ConfigSchema.shape)) {
      const row = doc.split("\n").find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, key).toBeDefined();
      const value = defaults[key];
      const shown = Array.isArray(value) ? value.join(",") : String(value);
      const cell = row!.split(" | ")[1]!;
      expect(cell, key).toBe(shown === "" ? cell.match(/^empty\b.*/)?.[0] : `\`${shown}\``);
    }
  });

  it("describe every CLI command and option in docs/commands.md", () => {
    const doc = read("docs/commands.md");
    const cli = readdirSync(join(ROOT, "packages/cli/src"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => read(join("packages/cli/src", f)))
      .join("\n");
    for (const [, name] of cli.matchAll(/\.command\("([\w-]+)"\)/g))
      expect(doc, name).toMatch(new RegExp(`^## (.+ )?${name}$`, "m"));
    for (const [, flag] of cli.matchAll(/\.option\("(--[\w-]+)/g)) expect(doc, flag).toContain(`\`${flag}`);
  });

  it("keep the two quick-start commands in the README", () => {
    const readme = read("README.md");
    expect(readme).toContain("scripts/flotilla demo");
    expect(readme).toContain("scripts/flotilla test");
  });

  it("link only to files and headings that exist", () => {
    for (const file of DOCS) {
      const text = read(file).replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path = "", anchor] = target!.split("#");
        const linked = path ? join(dirname(join(ROOT, file)), path) : join(ROOT, file);
        expect(existsSync(linked), `${file} → ${target}`).toBe(true);
        if (anchor && linked.endsWith(".md"))
          expect(anchorsOf(readFileSync(linked, "utf8")), `${file} → ${target}`).toContain(anchor);
      }
    }
  });
});
