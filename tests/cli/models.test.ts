import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectBus } from "@flotilla/bus";
import { envelope, subjects } from "@flotilla/contracts";
import { freePort, startNatsServer, type ServerHandle } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { applyRoster, chainFor, configuredProviders, detectOllama } from "@flotilla/models";
import { team as leadership } from "@flotilla/team-leadership";
import { team as development } from "@flotilla/team-development";
import { team as qa } from "@flotilla/team-qa";
import { team as documentation } from "@flotilla/team-documentation";
import { team as devops } from "@flotilla/team-devops";
import { answer, httpError, startFakeOpenAI, type FakeOpenAI } from "@flotilla/models/testing";
import { ROOT } from "../support/fleet.ts";

const TEAMS = [leadership, development, qa, documentation, devops];
const KEYS = {
  OPENAI_API_KEY: "sk-test-aaa111",
  OPENAI_API_KEY_WORK: "sk-test-bbb222",
  GROQ_API_KEY: "gsk-test-ccc333",
};
// Ollama is probed on 127.0.0.1:11434 whenever OLLAMA_BASE_URL is empty; expectations follow what this machine has.
const ollamaUp = await detectOllama();

/** The test process's environment without anything that configures a provider or the roster (a developer's own keys). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/_API_KEY|_BASE_URL|^FLOTILLA_/.test(k)) env[k] = v;
  }
  return { ...env, FLOTILLA_PROVIDER: "auto", OLLAMA_BASE_URL: "" };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args],
      { cwd: ROOT, env, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function expectNoKeyValues(run: Run, values: string[]): void {
  for (const v of values) {
    expect(run.stdout + run.stderr).not.toContain(v);
    expect(run.stdout + run.stderr).not.toContain(v.slice(0, 6));
  }
}

describe("flotilla models", () => {
  let closedNats: string;
  beforeAll(async () => {
    closedNats = `nats://127.0.0.1:${await freePort()}`;
  });

  it("lists every agent of every team with its chain, naming key variables but never key values", async () => {
    const env = { ...baseEnv(), ...KEYS, NATS_URL: closedNats };
    const run = await cli(["models"], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^Fleet runs on openai \(2 keys: OPENAI_API_KEY, OPENAI_API_KEY_WORK\), groq \(1 key: GROQ_API_KEY\)/,
    );
    expect(lines[0]).not.toMatch(/SIMULATED/);
    if (!ollamaUp) expect(lines[0]).not.toMatch(/ollama/);

    const configured = configuredProviders(env, { ollamaDetected: ollamaUp });
    for (const t of TEAMS) {
      for (const [index, a] of applyRoster(t.name, t.agents, env).entries()) {
        const at = lines.findIndex((l) =>
          new RegExp(
            `^${t.name} +${a.name} \\(${esc(a.role)}\\) → ${esc(`${a.model.provider}/${a.model.model}`)}$`,
          ).test(l),
        );
        expect(at, `${t.name} ${a.name}`).toBeGreaterThan(0);
        // Catch-all links take the configured providers in turn from the agent's index.
        const chain = chainFor(a.model, configured, index);
        chain.forEach((link, i) => {
          const mark =
            link.provider === "openai"
              ? "key ✓ \\(OPENAI_API_KEY, OPENAI_API_KEY_WORK\\)"
              : link.provider === "groq"
                ? "key ✓ \\(GROQ_API_KEY\\)"
                : link.provider === "ollama"
                  ? "keyless local"
                  : "no key \\(set [A-Z_]+_API_KEY\\)";
          expect(lines[at + 1 + i]).toMatch(
            new RegExp(`^ +${i + 1}\\. ${esc(`${link.provider}/${link.model}`)} +${link.source} +${mark}`),
          );
        });
        // Exactly one link serves first: the first one with a key.
        const block = lines.slice(at + 1, at + 1 + chain.length);
        expect(block.filter((l) => l.includes("← serves first"))).toHaveLength(1);
        expect(block.find((l) => l.includes("← serves first"))).toBe(
          block.find((l) => /key ✓|keyless local \(/.test(l)),
        );
      }
    }
    expect(run.stdout).toMatch(/anthropic\/claude-opus-4-1 +primary +no key \(set ANTHROPIC_API_KEY\)/);
    // NATS does not answer: no breaker lines, no complaint.
    expect(run.stdout).not.toMatch(/breakers:/);
    expectNoKeyValues(run, Object.values(KEYS));
  });

  it("--json gives the same view, without key values", async () => {
    const env = { ...baseEnv(), ...KEYS, NATS_URL: closedNats };
    const run = await cli(["models", "--json"], env);
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as {
      simulated: boolean;
      providers: Array<{ provider: string; keys: number; keyVariables: string[] }>;
      teams: Array<{
        team: string;
        agents: Array<{ name: string; chain: Array<{ provider: string; access: { kind: string } }> }>;
      }>;
    };
    expect(view.simulated).toBe(false);
    expect(view.providers.find((p) => p.provider === "openai")).toEqual({
      provider: "openai",
      keys: 2,
      keyVariables: ["OPENAI_API_KEY", "OPENAI_API_KEY_WORK"],
    });
    expect(view.teams.map((t) => t.team)).toEqual(TEAMS.map((t) => t.name));
    expect(view.teams.flatMap((t) => t.agents).length).toBe(TEAMS.reduce((n, t) => n + t.agents.length, 0));
    const techLead = view.teams[0]!.agents[0]!;
    expect(techLead.chain[0]).toMatchObject({ provider: "anthropic", access: { kind: "no-key" } });
    expectNoKeyValues(run, Object.values(KEYS));
  });

  it("says SIMULATED when no provider is configured", async () => {
    const run = await cli(["models"], { ...baseEnv(), NATS_URL: closedNats });
    expect(run.code).toBe(0);
    const header = run.stdout.split("\n")[0]!;
    if (ollamaUp) expect(header).toMatch(/^Fleet runs on ollama \(keyless local, detected/);
    else expect(header).toMatch(/^Fleet runs SIMULATED — no provider configured/);
    if (!ollamaUp) expect(run.stdout).not.toMatch(/serves first/);
  });

  it("says SIMULATED with FLOTILLA_PROVIDER=simulated even with keys, and names what goes unused", async () => {
    const run = await cli(["models"], { ...baseEnv(), ...KEYS, FLOTILLA_PROVIDER: "simulated", NATS_URL: closedNats });
    expect(run.stdout.split("\n")[0]).toMatch(
      /^Fleet runs SIMULATED — FLOTILLA_PROVIDER=simulated; configured but unused: openai \(2 keys/,
    );
    expect(run.stdout).not.toMatch(/serves first/);
    expectNoKeyValues(run, Object.values(KEYS));
  });

  describe("with NATS answering", () => {
    let nats: ServerHandle;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "flotilla-models-test-"));
      nats = await startNatsServer({ dataDir: join(dir, "nats") });
      const bus = await connectBus({
        url: nats.url,
        team: "qa",
        instanceId: "qa-test",
        logger: createLogger({ name: "test", level: "silent" }),
      });
      await bus.provision();
      await bus.publish(subjects.breaker("qa"), {
        ...envelope({ sender: { team: "qa", agent: "runtime", instance_id: "qa-test" } }),
        team: "qa",
        breaker: "openai/gpt-5",
        circuit_breaker_state: "OPEN",
        estimated_recovery_time_ms: 60_000,
        affected_capabilities: ["model openai/gpt-5"],
      });
      await bus.close();
    });
    afterAll(async () => {
      await nats?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("shows each team's latest breaker change, and a link whose breaker is open does not serve first", async () => {
      const run = await cli(["models"], { ...baseEnv(), ...KEYS, NATS_URL: nats.url });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^qa +breakers: openai\/gpt-5 OPEN \(latest change, reported \d+ s ago/m);
      for (const team of ["leadership", "development", "documentation", "devops"]) {
        expect(run.stdout).toMatch(new RegExp(`^${team} +breakers: closed \\(no change reported\\)$`, "m"));
      }
      const lines = run.stdout.split("\n");
      const auditor = lines.findIndex((l) => /^qa +security_auditor /.test(l));
      expect(lines[auditor + 1]).toMatch(/1\. openai\/gpt-5 +primary +key ✓ .*breaker OPEN$/);
      // The second agent's catch-all starts at the second configured provider, with its second model.
      expect(lines[auditor + 2]).toMatch(/2\. groq\/openai\/gpt-oss-120b .*← serves first$/);
      // Another team's openai/gpt-5 has its own breaker (one per process): still serves first.
      const architect = lines.findIndex((l) => /^leadership +architect /.test(l));
      expect(lines[architect + 1]).toMatch(/1\. openai\/gpt-5 .*← serves first$/);
    });
  });
});

describe("flotilla models check", () => {
  let ok: FakeOpenAI;
  let refusing: FakeOpenAI;
  beforeAll(async () => {
    ok = await startFakeOpenAI();
    ok.fallback(answer('{"ok":true}'));
    refusing = await startFakeOpenAI();
    refusing.fallback(httpError(401, { message: "Incorrect API key provided", type: "invalid_request_error" }));
  });
  afterAll(async () => {
    await ok?.close();
    await refusing?.close();
  });

  // Ollama points at the answering fake so that a real one on this machine cannot add a call.
  const env = (extra: Record<string, string>) => ({ ...baseEnv(), OLLAMA_BASE_URL: `${ok.url}/v1`, ...extra });

  it("makes one structured call per key and exits 0 when every one answers", async () => {
    const before = ok.requests.length;
    const run = await cli(
      ["models", "check"],
      env({
        OPENAI_API_KEY: KEYS.OPENAI_API_KEY,
        OPENAI_API_KEY_WORK: KEYS.OPENAI_API_KEY_WORK,
        OPENAI_BASE_URL: `${ok.url}/v1`,
      }),
    );
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^openai\/gpt-5-mini +OPENAI_API_KEY +ok in \d+ ms$/m);
    expect(run.stdout).toMatch(/^openai\/gpt-5-mini +OPENAI_API_KEY_WORK +ok in \d+ ms$/m);
    expect(run.stdout).toMatch(/^ollama\/llama3\.1 +keyless local +ok in \d+ ms$/m);
    const openaiCalls = ok.requests.slice(before).filter((r) => r.body?.model === "gpt-5-mini");
    expect(openaiCalls.map((r) => r.headers.authorization).sort()).toEqual([
      `Bearer ${KEYS.OPENAI_API_KEY}`,
      `Bearer ${KEYS.OPENAI_API_KEY_WORK}`,
    ]);
    expect(openaiCalls[0]!.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "ConnectivityCheck" },
    });
    expectNoKeyValues(run, [KEYS.OPENAI_API_KEY, KEYS.OPENAI_API_KEY_WORK]);
  });

  it("--model replaces a provider's default model", async () => {
    const before = ok.requests.length;
    const run = await cli(
      ["models", "check", "--model", "openai/gpt-4.1-nano"],
      env({ OPENAI_API_KEY: KEYS.OPENAI_API_KEY, OPENAI_BASE_URL: `${ok.url}/v1` }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^openai\/gpt-4\.1-nano +OPENAI_API_KEY +ok in/m);
    expect(ok.requests.slice(before).map((r) => r.body?.model)).toContain("gpt-4.1-nano");
  });

  it("exits 1 naming the key variable, not its value, when the provider refuses the key", async () => {
    const run = await cli(
      ["models", "check"],
      env({ OPENAI_API_KEY: KEYS.OPENAI_API_KEY, OPENAI_BASE_URL: `${refusing.url}/v1` }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^openai\/gpt-5-mini +OPENAI_API_KEY +failed \(auth\): .*HTTP 401 — check OPENAI_API_KEY$/m,
    );
    expect(run.stdout).toMatch(/^ollama\/llama3\.1 +keyless local +ok in/m);
    expectNoKeyValues(run, [KEYS.OPENAI_API_KEY]);
  });

  it("exits 1 for a --model whose provider is not configured", async () => {
    const run = await cli(["models", "check", "--model", "anthropic/claude-haiku-4-5"], env({}));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^anthropic\/claude-haiku-4-5 +not configured +failed \(not_configured\): not configured — set ANTHROPIC_API_KEY$/m,
    );
  });

  it.skipIf(ollamaUp)("says so and exits 1 when nothing is configured", async () => {
    const run = await cli(["models", "check"], baseEnv());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/no provider configured .*nothing to check/);
  });
});
