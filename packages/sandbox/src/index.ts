export { runSandboxed, sandboxAvailable, SANDBOX_RUN_CHANNEL } from "./run.ts";
export { SandboxUnavailableError } from "./errors.ts";
export type {
  LimitHit,
  SandboxAvailability,
  SandboxKind,
  SandboxLimits,
  SandboxMode,
  SandboxOutput,
  SandboxRequest,
  SandboxRun,
} from "./types.ts";
