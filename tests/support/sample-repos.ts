import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * A small project of each language, as a user's git repository, and the two implementations of
 * the task the scripted provider answers with: a wrong one first (it passes the author's own
 * test, not QA's), the right one once the bug report names the failing test.
 */
export interface SampleProject {
  files: Record<string, string>;
  /** Development's change set, wrong or right. */
  changes(right: boolean): Array<{ op: "create" | "replace"; path: string; content: string }>;
  /** A first draft the validation pipeline refuses (a type error, a syntax error), and what it reports. */
  broken: { changes: Array<{ op: "replace"; path: string; content: string }>; reported: RegExp };
  /** QA's tests: unsorted input, which the wrong median gets wrong. */
  qaTests: Array<{ path: string; content: string }>;
  /** The name the runner reports for QA's failing test. */
  failingTest: RegExp;
  /** Stages development's validation must run on it. */
  validatedBy: string[];
}

export const TASK = "Add a median(values) function to the stats module";

const TS_MEAN =
  "export function mean(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\n";
const TS_MEDIAN = {
  wrong: "export function median(values: number[]): number {\n  return values[Math.floor(values.length / 2)]!;\n}\n",
  right:
    "export function median(values: number[]): number {\n  const sorted = [...values].sort((a, b) => a - b);\n" +
    "  const mid = Math.floor(sorted.length / 2);\n" +
    "  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;\n}\n",
};
const tsTest = (name: string, body: string) =>
  `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { mean, median } from "../src/stats.ts";\n\n` +
  `test(${JSON.stringify(name)}, () => {\n  ${body}\n});\n`;

export const typescriptProject: SampleProject = {
  files: {
    "package.json":
      JSON.stringify({ name: "ts-app", private: true, type: "module", scripts: { test: "node --test" } }, null, 2) +
      "\n",
    // Only src is type-checked: the tests import node:test, whose types this repository does not install.
    "tsconfig.json":
      JSON.stringify(
        {
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: "es2022",
            module: "nodenext",
            allowImportingTsExtensions: true,
          },
          include: ["src"],
        },
        null,
        2,
      ) + "\n",
    "src/stats.ts": TS_MEAN,
    "test/stats.test.ts": tsTest("mean of three values", "assert.equal(mean([1, 2, 3]), 2);"),
  },
  changes: (right) => [
    { op: "replace", path: "src/stats.ts", content: TS_MEAN + "\n" + (right ? TS_MEDIAN.right : TS_MEDIAN.wrong) },
    {
      op: "create",
      path: "test/median.test.ts",
      content: tsTest("median of sorted values", "assert.equal(median([1, 2, 3]), 2);"),
    },
  ],
  qaTests: [
    {
      path: "test/median-qa.test.ts",
      content: tsTest("median of unsorted values", "assert.equal(median([3, 1, 2]), 2);"),
    },
  ],
  broken: {
    changes: [
      {
        op: "replace",
        path: "src/stats.ts",
        content: TS_MEAN + '\nexport function median(values: number[]): number {\n  return "0";\n}\n',
      },
    ],
    reported: /typecheck[\s\S]*TS2322/,
  },
  failingTest: /median of unsorted values/,
  validatedBy: ["typecheck", "tests"],
};

const PY_MEAN = "def mean(values):\n    return sum(values) / len(values)\n";
const PY_MEDIAN = {
  wrong: "def median(values):\n    return values[len(values) // 2]\n",
  right:
    "def median(values):\n    ordered = sorted(values)\n    mid = len(ordered) // 2\n" +
    "    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2\n",
};
const pyTest = (name: string, body: string) => `from stats import mean, median\n\n\ndef ${name}():\n    ${body}\n`;

export const pythonProject: SampleProject = {
  files: {
    "pyproject.toml":
      '[project]\nname = "py-app"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["."]\n',
    "stats.py": PY_MEAN,
    "tests/test_stats.py": pyTest("test_mean_of_three_values", "assert mean([1, 2, 3]) == 2"),
  },
  changes: (right) => [
    { op: "replace", path: "stats.py", content: PY_MEAN + "\n\n" + (right ? PY_MEDIAN.right : PY_MEDIAN.wrong) },
    {
      op: "create",
      path: "tests/test_median.py",
      content: pyTest("test_median_of_sorted_values", "assert median([1, 2, 3]) == 2"),
    },
  ],
  qaTests: [
    {
      path: "tests/test_median_qa.py",
      content: pyTest("test_median_of_unsorted_values", "assert median([3, 1, 2]) == 2"),
    },
  ],
  broken: {
    changes: [{ op: "replace", path: "stats.py", content: PY_MEAN + "\n\ndef median(values)\n    return 0\n" }],
    reported: /syntax[\s\S]*SyntaxError/,
  },
  failingTest: /test_median_of_unsorted_values/,
  validatedBy: ["syntax", "tests"],
};

/** Writes the project as a git repository at `dir` with one commit on main, and leaves an uncommitted edit in it. */
export function createRepo(dir: string, project: SampleProject): void {
  for (const [path, content] of Object.entries(project.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", ...args], {
      cwd: dir,
      stdio: "pipe",
    });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "--all");
  git("commit", "--quiet", "-m", "Initial project");
  // Work in progress the fleet must neither see nor touch.
  writeFileSync(join(dir, "NOTES.md"), "uncommitted notes of the user\n");
}
