import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";
import { RawNats } from "../support/raw-nats.ts";

let fleet: Fleet;
let raw: RawNats;
/** The fields the assertions read; each message has only its own (an outcome, a progress report, a DLQ entry). */
interface SeenBody {
  correlation_id?: string;
  task_id?: string;
  status?: string;
  teams?: unknown[];
  repository?: { path: string; branch: string; commit: string; delivered: boolean };
  dlq_metadata?: { original_message: string; failure_reason: string };
}
const seen: Array<{ subject: string; body: SeenBody }> = [];
const repos = mkdtempSync(join(tmpdir(), "flotilla-repos-"));

beforeAll(async () => {
  fleet = await startFleet({ env: { FLOTILLA_REPOS: repos } });
  // As a person's program would: with the client credentials (.flotilla/credentials/client.env).
  raw = await RawNats.open(fleet.env.NATS_URL!, fleet.credentials.nats.client);
  // Outcomes, progress and DLQ entries; our own (possibly malformed) requests are not collected.
  for (const subject of ["system.task.completed", "system.task.failed", "system.task.progress", "dlq.>"]) {
    raw.subscribe(subject, (s, payload) => seen.push({ subject: s, body: JSON.parse(payload) }));
  }
  await raw.flush();
}, 180_000);
afterAll(async () => {
  raw?.close();
  await fleet?.stop();
  rmSync(repos, { recursive: true, force: true });
});

const example = () => JSON.parse(readFileSync(join(ROOT, "examples/task-request.json"), "utf8"));
const waitFor = async <T>(find: () => T | undefined, ms = 60_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = find();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("a TaskRequest published by a raw-protocol NATS client", () => {
  it("runs the workflow and the outcome comes back on system.task.completed with the correlation id", async () => {
    raw.publish("system.task.request", JSON.stringify(example()));
    const done = await waitFor(() =>
      seen.find((m) => m.subject === "system.task.completed" && m.body.correlation_id === "example-correlation-1"),
    );
    expect(done.body.status).toBe("completed");
    expect(done.body.teams).toHaveLength(6);
    expect(seen.some((m) => m.subject === "system.task.progress" && m.body.task_id === done.body.task_id)).toBe(true);
  });

  it("changes the repository the request names (task.repo), on a branch of its own", async () => {
    const repo = join(repos, "lib");
    mkdirSync(repo);
    writeFileSync(join(repo, "README.md"), "# lib\n");
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", ...args], {
        cwd: repo,
        encoding: "utf8",
      }).trim();
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-qm", "start");
    const request = example();
    request.message_id = randomUUID();
    request.correlation_id = "example-correlation-repo";
    request.task.repo = { path: repo, base_ref: "main" };
    raw.publish("system.task.request", JSON.stringify(request));
    const done = await waitFor(() =>
      seen.find((m) => m.subject === "system.task.completed" && m.body.correlation_id === "example-correlation-repo"),
    );
    expect(done.body.repository).toMatchObject({ path: repo, delivered: true });
    expect(git("rev-parse", done.body.repository!.branch)).toBe(done.body.repository!.commit);
    expect(git("ls-tree", "-r", "--name-only", done.body.repository!.branch)).toMatch(/^src\/slugify\.mjs$/m);
    expect(git("status", "--porcelain")).toBe("");
  });

  it("sends malformed JSON, an unknown version and a schema violation to the DLQ with the reason, and keeps serving", async () => {
    raw.publish("system.task.request", "{ this is not json");
    raw.publish(
      "system.task.request",
      JSON.stringify({ ...example(), message_id: randomUUID(), message_version: "9.9" }),
    );
    raw.publish(
      "system.task.request",
      JSON.stringify({ ...example(), message_id: randomUUID(), task: { priority: "urgent" } }),
    );
    const dlq = (reason: string) => waitFor(() => seen.find((m) => m.subject === `dlq.leadership.${reason}`));
    const [json, version, schema] = await Promise.all([
      dlq("invalid_json"),
      dlq("unknown_version"),
      dlq("schema_violation"),
    ]);
    expect(json.body.dlq_metadata?.original_message).toBe("{ this is not json");
    expect(version.body.dlq_metadata?.failure_reason).toMatch(/9\.9/);
    expect(schema.body.dlq_metadata?.failure_reason).toMatch(/task\.description/);
    for (const [name, child] of fleet.procs) expect(child.exitCode, name).toBeNull();

    const next = { ...example(), message_id: randomUUID(), correlation_id: "after-dlq" };
    raw.publish("system.task.request", JSON.stringify(next));
    const done = await waitFor(() =>
      seen.find((m) => m.subject === "system.task.completed" && m.body.correlation_id === "after-dlq"),
    );
    expect(done.body.status).toBe("completed");
  });
});
