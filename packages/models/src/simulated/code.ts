import type { CallContext } from "../types.ts";
import type { Directives } from "./directives.ts";
import { camel, slug, topic } from "./content-text.ts";

/**
 * Code the simulated provider writes, small but real: it runs in the sandbox. Development writes
 * a module and a test; QA writes a test of an edge case. With [sim:qa:bugs=N] development's module
 * has a real bug in rounds 1..N that only QA's test catches, so the fix loop runs for real.
 */
interface Subject {
  /** The function's name and where it lives. */
  fn: string;
  module: string;
  right: string;
  buggy: string;
  devTest: { name: string; body: string };
  qaTest: { name: string; body: string };
}

function subjectOf(taskText: string, devPacket: string | undefined): Subject {
  const slugify = /slugif/i.test(taskText);
  const base = slugify ? "slugify" : slug(taskText);
  // The default plan's one development packet keeps the plain name; others get their packet's.
  const suffix = devPacket && devPacket !== "development-1" ? `-${devPacket}` : "";
  const fn = camel(`${base}${suffix}`);
  const module = `src/${base}${suffix}.mjs`;
  if (slugify)
    return {
      fn,
      module,
      right: `  return String(text)\n    .toLowerCase()\n    .split(/[^a-z0-9]+/)\n    .filter(Boolean)\n    .join("-");\n`,
      buggy: `  return String(text).toLowerCase().split(" ").join("-");\n`,
      devTest: {
        name: "lowercases and joins words with dashes",
        body: `assert.equal(${fn}("Hello World"), "hello-world");`,
      },
      qaTest: {
        name: "trims and collapses separators",
        body: `assert.equal(${fn}("  Hello,   World!  "), "hello-world");`,
      },
    };
  return {
    fn,
    module,
    right: `  if (String(text).trim().length === 0) throw new Error("input must not be empty");\n  return String(text).trim();\n`,
    buggy: `  if (String(text).length === 0) throw new Error("input must not be empty");\n  return String(text).trim();\n`,
    devTest: { name: "trims its input", body: `assert.equal(${fn}(" a "), "a");` },
    qaTest: { name: "rejects whitespace-only input", body: `assert.throws(() => ${fn}("   "));` },
  };
}

const testFile = (fn: string, module: string, test: { name: string; body: string }) =>
  `import { test } from "node:test";\nimport assert from "node:assert/strict";\n` +
  `import { ${fn} } from "../${module}";\n\ntest(${JSON.stringify(test.name)}, () => {\n  ${test.body}\n});\n`;

const PACKAGE_JSON =
  JSON.stringify({ name: "scratch", private: true, type: "module", scripts: { test: "node --test" } }, null, 2) + "\n";

/** Development's change set: the module (buggy in rounds 1..bugs), its test, and a package.json if the tree has none. */
export function simulatedChanges(ctx: CallContext, d: Directives, prompt: string) {
  const s = subjectOf(ctx.taskText, ctx.packet);
  const buggy = (ctx.round ?? 1) <= d.bugs;
  const doc = `/** ${topic(ctx.taskText)} (simulated implementation). */\n`;
  const source = `${doc}export function ${s.fn}(text) {\n${buggy ? s.buggy : s.right}}\n`;
  const test = s.module.replace(/^src\//, "test/").replace(/\.mjs$/, ".test.mjs");
  return [
    ...(/^package\.json$/m.test(prompt) ? [] : [{ op: "create", path: "package.json", content: PACKAGE_JSON }]),
    { op: "create", path: s.module, content: source },
    { op: "create", path: test, content: testFile(s.fn, s.module, s.devTest) },
  ];
}

/** QA's tests of the development packet it checks (`<packet>-test`, or the default plan's development-1). */
export function simulatedTests(ctx: CallContext) {
  const devPacket = ctx.packet?.endsWith("-test") ? ctx.packet.slice(0, -"-test".length) : "development-1";
  const s = subjectOf(ctx.taskText, devPacket);
  const path = s.module.replace(/^src\//, "test/").replace(/\.mjs$/, ".qa.test.mjs");
  return [{ path, content: testFile(s.fn, s.module, s.qaTest) }];
}

/** Which of QA's tests checks which acceptance criterion (the criteria listed in the prompt). */
export function simulatedCoverage(ctx: CallContext, prompt: string) {
  const devPacket = ctx.packet?.endsWith("-test") ? ctx.packet.slice(0, -"-test".length) : "development-1";
  const { qaTest } = subjectOf(ctx.taskText, devPacket);
  const listed = /Acceptance criteria:\n((?:- .*\n?)+)/.exec(prompt)?.[1] ?? "";
  const criteria = [...listed.matchAll(/^- (.+)$/gm)].map(([, c = ""]) => c.trim()).filter(Boolean);
  return criteria.slice(0, 20).map((criterion) => ({ criterion: criterion.slice(0, 1_000), tests: [qaTest.name] }));
}
