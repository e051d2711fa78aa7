import { channel } from "node:diagnostics_channel";
import { loadConfig } from "@flotilla/config";
import { backend, describeBackend } from "./availability.ts";
import { executeDocker } from "./docker.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { execute } from "./execute.ts";
import type { SandboxAvailability, SandboxMode, SandboxRequest, SandboxRun } from "./types.ts";
import { validateRequest } from "./validate.ts";

const configuredMode = (): SandboxMode => loadConfig().FLOTILLA_SANDBOX;

/**
 * Whether generated code can be run here, and in what. Probes once per launcher path and caches a
 * working answer: bwrap by a `true` in a full sandbox, docker mode by asking the engine its version.
 *
 * @example
 * const sandbox = await sandboxAvailable();
 * if (!sandbox.ok) log.warn({ reason: sandbox.reason }, "tests will not run; results are unverified");
 */
export async function sandboxAvailable(
  options: { bwrapPath?: string; dockerPath?: string; mode?: SandboxMode } = {},
): Promise<SandboxAvailability> {
  return describeBackend(await backend(options.mode ?? configuredMode(), options));
}

/**
 * Runs a command in the sandbox and reports what happened: exit code or signal, duration, the
 * limit it hit, and its output cut at `outputBytes`. Resolves whatever the command does; throws a
 * FlotillaError for a malformed request, and a SandboxUnavailableError, having run nothing, when
 * there is no sandbox (the caller's result is then `unverified`).
 *
 * @example
 * const run = await runSandboxed({
 *   command: "npm", args: ["test"], cwd: worktree, env: { CI: "1" },
 *   limits: { wallMs: 120_000, cpuSeconds: 120, memoryBytes: 2 ** 31, processes: 256, outputBytes: 1 << 20 },
 * });
 * if (run.limitHit) report(`stopped by the ${run.limitHit} limit`);
 */
export async function runSandboxed(request: SandboxRequest): Promise<SandboxRun> {
  const valid = validateRequest(request);
  const found = await backend(request.mode ?? configuredMode(), request);
  if (!found.ok) throw new SandboxUnavailableError(found.reason);
  const run =
    found.kind === "bubblewrap"
      ? await execute(valid, found)
      : await executeDocker(valid, {
          dockerPath: found.dockerPath,
          image: request.image ?? loadConfig().FLOTILLA_SANDBOX_IMAGE,
        });
  // In the caller's async context: a subscriber (the bench's I/O profile) sees whose run it was.
  if (finishedRuns.hasSubscribers) finishedRuns.publish(run);
  return run;
}

/**
 * Every finished run is published on this `node:diagnostics_channel` (a `SandboxRun`), for
 * instrumentation that must not depend on who runs what: the bench counts their CPU time.
 */
export const SANDBOX_RUN_CHANNEL = "flotilla:sandbox:run";
const finishedRuns = channel(SANDBOX_RUN_CHANNEL);
