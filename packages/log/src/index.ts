import { pino, type Logger, type LevelWithSilent } from "pino";
import { logFields } from "./context.ts";

export type { Logger } from "pino";
export { logFields, withLogFields, type LogFields } from "./context.ts";

export interface LoggerOptions {
  name: string;
  /** pino level; defaults to LOG_LEVEL or "info". */
  level?: string;
  /** Append JSON lines to this file instead of stderr. */
  file?: string;
  /** Extra fields stamped on every line (team, instance id...). */
  base?: Record<string, unknown>;
}

// Keys whose values must never reach a log line, whatever object they are nested in.
const REDACT = [
  "apiKey",
  "api_key",
  "*.apiKey",
  "*.api_key",
  "*.*.api_key",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "password",
  "*.password",
  "token",
  "*.token",
];

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

function normalizeLevel(level: string | undefined): LevelWithSilent {
  const l = (level ?? "info").toLowerCase().replace("warning", "warn");
  return (LEVELS.has(l) ? l : "info") as LevelWithSilent;
}

/**
 * Structured logger that never writes to stdout: stdout belongs to the MCP stdio transport.
 * Lines go to stderr, or to `file` when given.
 */
export function createLogger(options: LoggerOptions): Logger {
  // Files are written synchronously: a short-lived CLI may exit before an async file stream
  // opens ("sonic boom is not ready yet"), and our volume of lines makes the cost negligible.
  const destination = options.file
    ? pino.destination({ dest: options.file, mkdir: true, sync: true })
    : pino.destination({ fd: 2, sync: false });
  return pino(
    {
      name: options.name,
      level: normalizeLevel(options.level ?? process.env.LOG_LEVEL),
      base: { pid: process.pid, ...options.base },
      redact: { paths: REDACT, censor: "[redacted]" },
      // The trace and task of the work in progress (withLogFields); a line's own fields win.
      mixin: () => logFields(),
    },
    destination,
  );
}

/**
 * A console-shaped logger for the vendor SDKs (openai, anthropic, groq-sdk...), which log to
 * `console` by default with info/debug on stdout. Stdout belongs to the MCP stdio transport.
 *
 * @example
 * new OpenAI({ apiKey, logger: stderrLogger });
 */
export const stderrLogger = {
  error: (...args: unknown[]) => console.error(...args),
  warn: (...args: unknown[]) => console.error(...args),
  info: (...args: unknown[]) => console.error(...args),
  debug: (...args: unknown[]) => console.error(...args),
};
