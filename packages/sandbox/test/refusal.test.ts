import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { runSandboxed, sandboxAvailable, type SandboxRequest } from "../src/index.ts";
import { LIMITS, scratch } from "./helpers.ts";

const findOnPath = (name: string) =>
  (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, name)));

/** Rejects with what `promise` throws (and fails the test if it resolves). */
async function thrown(promise: Promise<unknown>): Promise<FlotillaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(FlotillaError.is(err), String(err)).toBe(true);
  return err as FlotillaError;
}

describe("without a sandbox nothing runs", () => {
  let dir: ReturnType<typeof scratch>;
  let request: SandboxRequest;
  beforeEach(() => {
    dir = scratch();
    // Would leave a file in the worktree if it ever ran.
    request = { command: "/bin/sh", args: ["-c", "touch ran"], cwd: dir.worktree, limits: LIMITS };
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    dir.dispose();
  });

  const expectRefusal = (err: FlotillaError) => {
    expect(err.name).toBe("SandboxUnavailableError");
    expect(err.isRetryable).toBe(false);
    expect(err.message).toMatch(/never executed outside a sandbox/);
    expect(err.message).toMatch(/unverified/);
    expect(err.context).toMatchObject({ verdict: "unverified" });
    expect(existsSync(join(dir.worktree, "ran"))).toBe(false);
  };

  it("when bwrap is absent", async () => {
    expect(await sandboxAvailable({ bwrapPath: "/nonexistent/bwrap", mode: "bubblewrap" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/bwrap not found.*install bubblewrap/),
    });
    expectRefusal(await thrown(runSandboxed({ ...request, bwrapPath: "/nonexistent/bwrap", mode: "bubblewrap" })));
  });

  it("when FLOTILLA_SANDBOX=none", async () => {
    vi.stubEnv("FLOTILLA_SANDBOX", "none");
    expect(await sandboxAvailable()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/FLOTILLA_SANDBOX=none/),
    });
    expectRefusal(await thrown(runSandboxed(request)));
  });

  it("when bwrap is there but cannot start a sandbox (user namespaces disabled)", async () => {
    const fake = join(dir.root, "bwrap");
    writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1" = --version ] && { echo "bubblewrap 0.8.0"; exit 0; }\n' +
        'echo "bwrap: No permissions to create new namespace" >&2; exit 1\n',
    );
    chmodSync(fake, 0o755);
    const availability = await sandboxAvailable({ bwrapPath: fake, mode: "bubblewrap" });
    expect(availability).toMatchObject({
      ok: false,
      // As root without a writable pids cgroup the probe stops before starting bwrap, for that reason.
      reason: expect.stringMatching(/No permissions to create new namespace|pids cgroup/),
    });
    expectRefusal(await thrown(runSandboxed({ ...request, bwrapPath: fake, mode: "bubblewrap" })));
  });

  it("in docker mode when no Docker engine answers", async () => {
    const fake = join(dir.root, "docker");
    writeFileSync(
      fake,
      "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. " +
        "Is the docker daemon running?' >&2; exit 1\n",
    );
    chmodSync(fake, 0o755);
    expect(await sandboxAvailable({ dockerPath: fake, mode: "docker" })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^docker mode: no Docker engine answers \(Cannot connect to the Docker daemon/),
    });
    expectRefusal(await thrown(runSandboxed({ ...request, dockerPath: fake, mode: "docker" })));
  });

  it("in docker mode when the docker CLI is absent", async () => {
    expect(await sandboxAvailable({ dockerPath: "/nonexistent/docker", mode: "docker" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/docker CLI is not found at \/nonexistent\/docker/),
    });
    expectRefusal(await thrown(runSandboxed({ ...request, dockerPath: "/nonexistent/docker", mode: "docker" })));
  });

  it.skipIf(!findOnPath("docker"))("with FLOTILLA_SANDBOX=docker, the real docker CLI and no engine", async () => {
    vi.stubEnv("FLOTILLA_SANDBOX", "docker");
    vi.stubEnv("DOCKER_HOST", "unix:///nonexistent/flotilla-test/docker.sock");
    expect(await sandboxAvailable()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^docker mode: no Docker engine answers \(.+\)$/),
    });
    expectRefusal(await thrown(runSandboxed(request)));
  });
});

describe("a malformed request", () => {
  let dir: ReturnType<typeof scratch>;
  beforeEach(() => {
    dir = scratch();
  });
  afterEach(() => dir.dispose());

  it("is refused with a FlotillaError naming the field, before any sandbox is looked for", async () => {
    const good: SandboxRequest = {
      command: "true",
      cwd: dir.worktree,
      limits: LIMITS,
      bwrapPath: "/nonexistent/bwrap",
    };
    const bad: [Partial<SandboxRequest>, string][] = [
      [{ command: "" }, "command"],
      [{ cwd: "relative/path" }, "cwd"],
      [{ cwd: join(dir.root, "missing") }, "cwd"],
      [{ cwd: "/" }, "cwd"],
      [{ cwd: "/tmp" }, "cwd"],
      [{ limits: { ...LIMITS, wallMs: 0 } }, "limits.wallMs"],
      [{ limits: { ...LIMITS, cpuSeconds: 1.5 } }, "limits.cpuSeconds"],
      [{ env: { "NOT-A-NAME": "x" } }, "env"],
      [{ env: { HOME: "/root" } }, "env.HOME"],
      [{ readOnlyPaths: ["/"] }, "readOnlyPaths"],
      [{ readOnlyPaths: [join(dir.root, "missing")] }, "readOnlyPaths"],
    ];
    for (const [change, field] of bad) {
      const err = await thrown(runSandboxed({ ...good, ...change }));
      expect(err.name, field).toBe("FlotillaError");
      expect(err.isRetryable, field).toBe(false);
      expect(err.context, field).toEqual({ field });
    }
  });
});
