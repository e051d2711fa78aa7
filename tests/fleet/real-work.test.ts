import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestRunResult } from "@flotilla/contracts";
import { runTests } from "@flotilla/testrun";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { fakeOpenAIProvider } from "../support/fake-providers.ts";
import { checkoutFingerprint } from "@flotilla/repo/testing";
import { createRepo, pythonProject, TASK, typescriptProject, type SampleProject } from "../support/sample-repos.ts";

// Every agent runs on the openai SDK against a local fake server. Development's author first
// answers a draft the validation pipeline refuses, then (with the run's output) a wrong median
// that passes its own test, and the right one once its prompt carries QA's failing test; QA
// writes a test of unsorted input. Everything else is the fake's default (valid) work.
const reposRoot = mkdtempSync(join(tmpdir(), "flotilla-repos-"));
let fleet: Fleet;
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;

const projectOf = (prompt: string): SampleProject | undefined =>
  /^tsconfig\.json$/m.test(prompt) ? typescriptProject : /^pyproject\.toml$/m.test(prompt) ? pythonProject : undefined;

beforeAll(async () => {
  openai = await fakeOpenAIProvider((schemaName, prompt) => {
    const project = projectOf(prompt);
    if (!project) return undefined;
    if (schemaName === "CodeBundle") {
      const right = project.failingTest.test(prompt);
      const fixing = prompt.includes("was run in the sandbox and failed");
      const changes = right || fixing ? project.changes(right) : project.broken.changes;
      return { summary: `median, ${right ? "sorted" : "as given"}`, language: "any", changes };
    }
    if (schemaName === "TestSuite")
      return { summary: "median on unsorted input", tests: project.qaTests, strategy: "unsorted input" };
    return undefined;
  });
  fleet = await startFleet({
    env: {
      FLOTILLA_PROVIDER: "auto",
      OPENAI_API_KEY: "sk-test-real-work-0a1b2c",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OLLAMA_BASE_URL: "",
      FLOTILLA_REPOS: reposRoot,
    },
  });
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await openai?.close();
  rmSync(reposRoot, { recursive: true, force: true });
});

const git = (repo: string, ...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();

describe.each([
  ["TypeScript", "ts-app", typescriptProject],
  ["Python", "py-app", pythonProject],
])("real work on a small %s repository", (_language, name, project) => {
  it("fails round 1 by a real test failure, passes round 2, and commits one tested commit on a branch", async () => {
    const repo = join(reposRoot, name);
    createRepo(repo, project);
    const base = git(repo, "rev-parse", "HEAD");
    const before = await checkoutFingerprint(repo);

    const o = await runTask(fleet, TASK, 240_000, { path: repo });
    expect(o.status, JSON.stringify(o)).toBe("completed");
    expect(o.verification).toBe("verified");
    // One key: the outcome says its votes are single-provider, and voters used different models of it.
    expect(o.quality_flags.join("\n")).toMatch(
      /single-provider vote \(every ballot from openai\): .*development implement \(development-1\)/,
    );
    const development = o.packets.find((p) => p.id === "development-1");
    expect(development?.vote).toMatchObject({ single_provider: true, providers: ["openai"] });
    expect(development?.vote?.models.length).toBeGreaterThanOrEqual(3);
    expect(development?.rounds).toBe(2);
    // Development's change set went through the validation pipeline in the sandbox before its vote.
    expect(development?.runs[0]).toMatchObject({ kind: "validation", verdict: "pass" });
    for (const stage of project.validatedBy) expect(development?.runs[0]?.command).toContain(stage);

    // The runner decided each round: QA's test failed on the wrong median, then passed.
    const run = async (round: number) =>
      TestRunResult.parse(
        await fleet.bus.objects.getJson({
          object_store: "test_artifacts",
          key: `${o.task_id}/qa-1/test/r${round}/test-run.json`,
        }),
      );
    const first = await run(1);
    expect(first.verdict).toBe("fail");
    expect(first.failing.map((t) => t.name).join("\n")).toMatch(project.failingTest);
    expect(first.exitCode).not.toBe(0);
    const second = await run(2);
    expect(second).toMatchObject({ verdict: "pass", failed: 0 });
    expect(second.total).toBeGreaterThanOrEqual(3);
    // Round 1's first draft failed validation in the sandbox; its author got the output and fixed it.
    const prompts = openai.requests.map((r) =>
      (r.body as { messages: Array<{ content: string }> }).messages.map((m) => m.content).join("\n"),
    );
    const fixes = prompts.filter((p) => p.includes("was run in the sandbox and failed") && projectOf(p) === project);
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes[0]).toMatch(project.broken.reported);
    // The bug report reached development: its round-2 prompt names the failing test.
    const fixPrompts = openai.requests.filter((r) =>
      (r.body as { messages: Array<{ content: string }> }).messages.some(
        (m) => m.content.includes("Fix what the reviewers reported") && project.failingTest.test(m.content),
      ),
    );
    expect(fixPrompts.length).toBeGreaterThan(0);
    // With QA's reading of the failure next to the runner's facts.
    expect(fixPrompts[0]?.body.messages.map((m: { content: string }) => m.content).join("\n")).toMatch(
      /likely cause: /,
    );

    // One commit on flotilla/<task>, on the base, whose tree passes the repository's tests.
    const branch = `flotilla/${o.task_id}`;
    expect(o.repository).toMatchObject({ delivered: true, branch, base_commit: base, path: repo });
    expect(git(repo, "rev-list", "--count", `${base}..${branch}`)).toBe("1");
    expect(git(repo, "rev-parse", `${branch}^`)).toBe(base);
    expect(git(repo, "log", "-1", "--format=%(trailers:key=Flotilla-Task,valueonly)", branch)).toBe(o.task_id);
    const committed = await runTests({ repo, roots: [reposRoot], baseRef: branch });
    expect(committed).toMatchObject({ verdict: "pass", failed: 0 });
    expect(committed.total).toBeGreaterThanOrEqual(3);
    expect(o.packets.find((p) => p.id === "devops-1")?.runs[0]).toMatchObject({ kind: "health", verdict: "pass" });

    // The user's checkout — HEAD, index, working tree (the uncommitted notes too), hooks, config — is untouched.
    expect(await checkoutFingerprint(repo)).toBe(before);
    expect(git(repo, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
  }, 300_000);
});
