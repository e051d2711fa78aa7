import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { dockerRunArgs, type DockerRunOptions } from "../src/docker-args.ts";
import { dockerCliEnv } from "../src/docker.ts";
import { validateRequest } from "../src/validate.ts";
import { LIMITS, NODE_DIR, scratch } from "./helpers.ts";

// No engine runs on the development machine: docker mode is checked here by the argv it builds.
const OPTIONS: DockerRunOptions = { image: "node:22-bookworm", name: "flotilla-sbx-test", user: "1000:1000" };
/** Each argument with the one after it, so that a flag and its value are matched together. */
const pairs = (argv: string[]) => argv.slice(0, -1).map((arg, i) => `${arg} ${argv[i + 1]}`);
const errorOf = (build: () => unknown) => {
  try {
    build();
  } catch (err) {
    if (FlotillaError.is(err)) return err;
  }
  throw new Error("expected a FlotillaError");
};

describe("docker mode's argv", () => {
  let dir: ReturnType<typeof scratch>;
  beforeEach(() => {
    dir = scratch();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    dir.dispose();
  });

  const argvFor = (more: Record<string, unknown> = {}) =>
    dockerRunArgs(
      validateRequest({
        command: "node",
        args: ["-e", "1"],
        cwd: dir.worktree,
        env: { CI: "1" },
        limits: LIMITS,
        readOnlyPaths: [NODE_DIR],
        ...more,
      }),
      OPTIONS,
    );

  it("has no network, a read-only root, no capabilities and every limit", () => {
    const argv = argvFor();
    const mb = String(LIMITS.memoryBytes);
    expect(argv.slice(0, 2)).toEqual(["run", "--rm"]);
    expect(argv).toContain("--read-only");
    expect(pairs(argv)).toEqual(
      expect.arrayContaining([
        "--name flotilla-sbx-test",
        "--network none",
        `--memory ${mb}`,
        `--memory-swap ${mb}`,
        `--pids-limit ${LIMITS.processes}`,
        "--cpus 1",
        `--ulimit cpu=${LIMITS.cpuSeconds}:${LIMITS.cpuSeconds + 1}`,
        `--ulimit data=${mb}:${mb}`,
        `--tmpfs /tmp:rw,exec,size=${mb}`,
        "--cap-drop ALL",
        "--security-opt no-new-privileges",
        "--user 1000:1000",
      ]),
    );
  });

  it("binds the worktree read-write, readOnlyPaths read-only, and nothing else of the host", () => {
    const argv = argvFor();
    const binds = pairs(argv).filter((pair) => pair.startsWith("-v "));
    expect(binds.sort()).toEqual([`-v ${NODE_DIR}:${NODE_DIR}:ro`, `-v ${dir.worktree}:${dir.worktree}:rw`].sort());
    expect(pairs(argv)).toContain(`-w ${dir.worktree}`);
    expect(argv.slice(-4)).toEqual(["node:22-bookworm", "node", "-e", "1"]);
  });

  it("passes the given environment only, every variable with its value", () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-test-docker-secret");
    const argv = argvFor();
    expect(argv.join("\n")).not.toMatch(/OPENAI_API_KEY|sk-test/);
    const options = argv.slice(0, argv.indexOf(OPTIONS.image)); // after the image: the command's own `-e`
    const env = options.flatMap((arg, i) => (options[i - 1] === "-e" ? [arg] : []));
    // A bare `-e NAME` would have docker copy the CLI's own value in.
    expect(env.every((entry) => /^[A-Za-z_]\w*=/.test(entry))).toBe(true);
    expect(env).toEqual(["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp", "CI=1"]);
    // The docker CLI itself gets only what finds its engine.
    expect(dockerCliEnv()).not.toHaveProperty("OPENAI_API_KEY");
    expect(dockerCliEnv({ OPENAI_API_KEY: "x", DOCKER_HOST: "unix:///d.sock" })).toEqual({
      DOCKER_HOST: "unix:///d.sock",
    });
  });

  it("keeps stdin open (-i) only when there is input", () => {
    expect(argvFor()).not.toContain("-i");
    expect(argvFor({ stdin: "input" })).toContain("-i");
  });

  it("refuses an image docker could read as a flag, and a path docker cannot bind", () => {
    const request = validateRequest({ command: "true", cwd: dir.worktree, limits: LIMITS });
    expect(errorOf(() => dockerRunArgs(request, { ...OPTIONS, image: "--privileged" })).context).toEqual({
      field: "image",
    });
    const colon = join(dir.root, "a:b");
    mkdirSync(colon);
    const err = errorOf(() => dockerRunArgs(validateRequest({ command: "true", cwd: colon, limits: LIMITS }), OPTIONS));
    expect(err.context).toEqual({ field: "cwd" });
  });
});
