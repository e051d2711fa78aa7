import { describe, expect, it } from "vitest";
import { TASK_KINDS, languageOf, taskKindOf, taskTypeOf } from "../src/index.ts";

describe("taskTypeOf", () => {
  it.each([
    ["Fix the crash when the config file is empty", undefined, "bugfix"],
    ["Login fails for users with a plus in their email", "TypeScript", "bugfix/typescript"],
    ["Refactor the parser into smaller modules", "python", "refactor/python"],
    ["Add unit tests for the tokenizer", undefined, "tests"],
    ["Write a README section about configuration", undefined, "docs"],
    ["Speed up the search endpoint, it is slow", "go", "performance/go"],
    ["Escape untrusted input to prevent XSS", undefined, "security"],
    ["Add a dark mode toggle", "rust", "feature/rust"],
    ["Add a prefix option to the CLI", undefined, "feature"], // "prefix" is not "fix"
    ["Export to CSV doesn't work with unicode names", undefined, "bugfix"],
  ])("%s -> %s", (text, language, expected) => {
    expect(taskTypeOf(text, language)).toBe(expected);
  });

  it("takes the first matching kind in TASK_KINDS order", () => {
    expect(TASK_KINDS).toEqual(["bugfix", "refactor", "tests", "docs", "performance", "security", "feature"]);
    expect(taskTypeOf("Fix the SQL injection vulnerability")).toBe("bugfix");
    expect(taskTypeOf("Refactor and document the cache")).toBe("refactor");
  });

  it("taskKindOf strips the language", () => {
    expect(taskKindOf("bugfix/typescript")).toBe("bugfix");
    expect(taskKindOf("feature")).toBe("feature");
  });
});

describe("languageOf", () => {
  it("picks the language with the most code files", () => {
    const paths = [
      "src/a.ts",
      "src/b.tsx",
      "scripts/c.py",
      "README.md",
      "package.json",
      "pnpm-lock.yaml",
      "docs/x.md",
      "docs/y.md",
    ];
    expect(languageOf(paths)).toBe("typescript");
    expect(languageOf(["main.go", "go.sum", "go.mod", "x_test.go", "tool.py"])).toBe("go");
    expect(languageOf(["Cargo.lock", "src/lib.rs"])).toBe("rust");
  });

  it("ignores vendored code and is undefined without code", () => {
    expect(languageOf(["node_modules/x/index.js", "node_modules/y/index.js", "app.py"])).toBe("python");
    expect(languageOf(["README.md", "package.json", "yarn.lock", ".gitignore"])).toBeUndefined();
    expect(languageOf([])).toBeUndefined();
  });
});
