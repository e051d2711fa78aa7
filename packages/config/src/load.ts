import { FlotillaError } from "@flotilla/errors";
import { ConfigSchema, type Config } from "./schema.ts";

/** The environment does not validate; `variables` names each one to fix. Not retryable. */
export class ConfigError extends FlotillaError {
  override readonly name = "ConfigError";
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message, { context: { variables } });
  }
}

/**
 * Reads the environment once through the schema. Empty strings count as unset so that
 * `export X=""` in ~/.bashrc.d/.agents falls back to the default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = ConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = String(i.path[0]);
    // Secrets are never echoed back, even when invalid.
    const shown = /KEY|TOKEN|SECRET/.test(name) ? "(hidden)" : JSON.stringify(env[name]);
    return `${name}=${shown}: ${i.message}`;
  });
  const vars = parsed.error.issues.map((i) => String(i.path[0]));
  throw new ConfigError(vars, `invalid configuration:\n  ${lines.join("\n  ")}`);
}

/** Variables that are set to a secret, for redaction checks. */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([k, v]) => /(_API_KEY|_TOKEN|_SECRET)(_|$)/.test(k) && v)
    .map(([, v]) => v!);
}

export function teamEnabled(config: Config, team: string): boolean {
  const key = `MCP_${team.toUpperCase()}_ENABLED` as keyof Config;
  return config[key] !== false;
}
