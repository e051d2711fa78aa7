import { join, resolve } from "node:path";

/** Repo root, found from this file (packages/cli/src/) so the CLI works from any cwd or clone. */
export const ROOT = resolve(import.meta.dirname, "../../..");

// Everything the CLI writes lives under one git-ignored folder, so a clean-up is `rm -rf .flotilla`.
export const FLOTILLA_DIR = join(ROOT, ".flotilla");
export const DATA_DIR = join(FLOTILLA_DIR, "data");
export const RUN_DIR = join(FLOTILLA_DIR, "run");
export const LOG_DIR = join(FLOTILLA_DIR, "logs");

export const TEAMS = ["leadership", "development", "qa", "documentation", "devops"] as const;
export type Team = (typeof TEAMS)[number];

/** Names of the infrastructure pid files; `down` stops these after the teams that use them. */
export const SERVERS = ["nats-server", "qdrant"] as const;

// Read straight from the environment for now; a config package will take this over later.
export function natsUrl(): string {
  return process.env.NATS_URL || "nats://127.0.0.1:4222";
}

export function qdrantUrl(): string {
  return process.env.QDRANT_URL || "http://127.0.0.1:6333";
}

export function qdrantApiKey(): string | undefined {
  return process.env.QDRANT_API_KEY || undefined;
}

/** The team's entry point, run with `node --import tsx`. */
export function teamEntry(team: Team): string {
  return join(ROOT, "teams", team, "src", "main.ts");
}

export function parseTeam(name: string): Team {
  const team = TEAMS.find((t) => t === name.toLowerCase());
  if (!team) throw new Error(`unknown team "${name}": expected one of ${TEAMS.join(", ")}`);
  return team;
}

/** MCP_<TEAM>_ENABLED, default true; an unreadable value is an error naming the variable (SPEC §11). */
export function teamEnabled(team: Team): boolean {
  const name = `MCP_${team.toUpperCase()}_ENABLED`;
  const raw = (process.env[name] ?? "").trim().toLowerCase();
  if (raw === "" || ["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  throw new Error(`${name}=${process.env[name]} is not a boolean (use true or false)`);
}
