import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { team as leadership } from "@flotilla/team-leadership";
import { team as development } from "@flotilla/team-development";
import { team as qa } from "@flotilla/team-qa";
import { team as documentation } from "@flotilla/team-documentation";
import { team as devops } from "@flotilla/team-devops";
import { ROOT, startFleet, type Fleet } from "../support/fleet.ts";
import { callerOf, fakeOpenAIProvider } from "../support/fake-providers.ts";
import { everythingWritten } from "../support/secrets.ts";

const run = promisify(execFile);
const KEY = "sk-test-only-openai-77aa88bb";
let fleet: Fleet;
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;

beforeAll(async () => {
  openai = await fakeOpenAIProvider();
  // Only OPENAI_API_KEY and OPENAI_BASE_URL: every agent of every team must reach OpenAI.
  fleet = await startFleet({
    env: { FLOTILLA_PROVIDER: "auto", OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${openai.url}/v1`, OLLAMA_BASE_URL: "" },
  });
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await openai?.close();
});

describe("scripts/flotilla submit --wait with only an OpenAI key", () => {
  it("runs every agent of every team through that server, and no key value is written anywhere", async () => {
    const logFile = join(fleet.dir, "cli-run.log");
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), "submit", "Add a partition helper", "--wait"],
      {
        cwd: ROOT,
        env: { ...process.env, ...fleet.env, LOG_FILE: logFile },
        timeout: 180_000,
      },
    );
    expect(stdout).toMatch(/COMPLETED/);
    expect(stdout).not.toMatch(/SIMULATION/);
    const callers = new Set(
      openai.requests.map((r) => {
        const c = callerOf((r.body as { messages: Array<{ role: string; content: string }> }).messages[0]!.content);
        return `${c.team}/${c.agent}`;
      }),
    );
    const agents = [leadership, development, qa, documentation, devops].flatMap((t) =>
      t.agents.map((a) => `${t.name}/${a.name}`),
    );
    expect([...callers].sort()).toEqual(agents.sort());
    const written = await everythingWritten(fleet, [logFile]);
    expect(written.length).toBeGreaterThan(100);
    for (const text of [stdout, ...written]) expect(text).not.toContain(KEY);
  });
});
