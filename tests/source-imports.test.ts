import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

/** Every .ts file under a folder (node_modules left out). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const SPECIFIER = /(?:from|import)\s*\(?\s*["']([^"']+)["']/g;

describe("shipped source", () => {
  it("imports nothing from test folders or scripts/ (test helpers live in a package's testing subpath)", () => {
    const roots = ["packages", "teams"].flatMap((top) =>
      readdirSync(join(ROOT, top)).map((name) => join(ROOT, top, name, "src")),
    );
    const offending = roots
      .flatMap((root) => {
        try {
          return sources(root);
        } catch {
          return []; // a package without src/
        }
      })
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(SPECIFIER)]
          .map((m) => m[1] ?? "")
          .filter((spec) => spec.startsWith(".") && /(^|\/)(test|tests|scripts)\//.test(spec))
          .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
      );
    expect(offending).toEqual([]);
  });
});
