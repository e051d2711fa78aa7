import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRouter, IngestRulesError, loadRules, RULES_ENV } from "../src/index.ts";
import { tempDir, write } from "./helpers.ts";

const tmp = tempDir();
afterAll(() => tmp.remove());

describe("default rules", () => {
  const { route, collections } = createRouter(undefined, {});
  it.each([
    ["design-principles.md", "design_principles"],
    ["docs/Design_Principles.md", "design_principles"],
    ["DESIGN.md", "design_principles"],
    ["docs/coding-standards.md", "coding_standards"],
    ["CODING_GUIDE.md", "coding_standards"],
    ["STYLE.md", "coding_standards"],
    ["packages/x/STYLE-GUIDE.md", "coding_standards"],
    ["out/run-1/report.json", "json_artifacts"],
    ["README.md", "documentation_index"],
    ["docs/guide/setup.md", "documentation_index"],
  ])("%s → %s", (path, collection) => {
    expect(route(path)).toMatchObject({ collection });
  });

  it("skips other extensions with a reason", () => {
    expect(route("notes.txt")).toEqual({
      skip: 'no ingest rule matches "notes.txt" (by default only .md and .json files are ingested)',
    });
    expect(collections).toEqual(["design_principles", "coding_standards", "json_artifacts", "documentation_index"]);
  });
});

describe("a person's rules", () => {
  it("come before the defaults and may set kind and tags", () => {
    const { route } = createRouter([
      { glob: "adr/**", collection: "decisions", kind: "markdown", tags: ["adr"] },
      { glob: "**/*.md", collection: "everything_md" },
      { glob: "**/*.csv", collection: "tables" },
    ]);
    expect(route("adr/0001-use-nats.txt")).toEqual({ collection: "decisions", kind: "markdown", tags: ["adr"] });
    expect(route("DESIGN.md")).toEqual({ collection: "everything_md", kind: "markdown" });
    expect(route("a.json")).toEqual({ collection: "json_artifacts", kind: "json" });
    expect(route("t.csv")).toEqual({
      skip: 'rule "**/*.csv" matches but there is no chunker for ".csv" files; give the rule a kind',
    });
  });

  it("are read from the file named by FLOTILLA_INGEST_RULES", () => {
    const path = write(tmp.dir, "rules.json", JSON.stringify([{ glob: "runbooks/**/*.md", collection: "runbooks" }]));
    expect(loadRules({ [RULES_ENV]: path })).toEqual([{ glob: "runbooks/**/*.md", collection: "runbooks" }]);
    expect(createRouter(undefined, { [RULES_ENV]: path }).route("runbooks/db/restore.md")).toEqual({
      collection: "runbooks",
      kind: "markdown",
    });
    expect(loadRules({})).toBeUndefined();
  });

  it("fail with the variable, the file and the problem when invalid", () => {
    const bad = write(
      tmp.dir,
      "bad.json",
      JSON.stringify([
        { glob: "**/*.md", collection: "has space" },
        { glob: "", collection: "x", extra: 1 },
      ]),
    );
    const err = (() => {
      try {
        loadRules({ [RULES_ENV]: bad });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(IngestRulesError);
    expect(err?.message).toMatch(new RegExp(`^FLOTILLA_INGEST_RULES \\(${bad}\\): `));
    expect(err?.message).toContain("rules[0].collection: collection must be 1-255 letters, digits, _ or -");
    expect(err?.message).toContain("rules[1].glob: glob must not be empty");
    expect(err?.message).toMatch(/rules\[1\]: .*extra/);

    const notJson = write(tmp.dir, "not.json", "[{ glob: }");
    expect(() => loadRules({ [RULES_ENV]: notJson })).toThrow(`FLOTILLA_INGEST_RULES (${notJson}): not valid JSON`);
    const missing = join(tmp.dir, "missing.json");
    expect(() => loadRules({ [RULES_ENV]: missing })).toThrow(
      `FLOTILLA_INGEST_RULES (${missing}): cannot read the rules file: ENOENT`,
    );
    expect(() => loadRules({ [RULES_ENV]: write(tmp.dir, "obj.json", "{}") })).toThrow(/rules: .*expected array/i);
  });
});
