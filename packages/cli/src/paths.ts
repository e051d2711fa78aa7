import { join, resolve } from "node:path";
import { loadConfig, teamEnabled as configTeamEnabled } from "@flotilla/config";

/** Repo root, found from this file (packages/cli/src/) so the CLI works from any cwd or clone. */
export const ROOT = resolve(import.meta.dirname, "../../..");

// Everything the CLI writes lives under one git-ignored folder, so a clean-up is `rm -rf .flotilla`.
// FLOTILLA_HOME moves it (tests use a temp dir so a developer's running fleet is left alone).
export const FLOTILLA_DIR = process.env.FLOTILLA_HOME ? resolve(process.env.FLOTILLA_HOME) : join(ROOT, ".flotilla");
export const DATA_DIR = join(FLOTILLA_DIR, "data");
export const RUN_DIR = join(FLOTILLA_DIR, "run");
export const LOG_DIR = join(FLOTILLA_DIR, "logs");

export const TEAMS = ["leadership", "development", "qa", "documentation", "devops"] as const;
export type Team = (typeof TEAMS)[number];

/** Names of the infrastructure pid files; `down` stops these after the teams that use them. */
export const SERVERS = ["nats-server", "qdrant"] as const;

// The addresses come from the one config schema, so the CLI and the teams read them alike.
export function natsUrl(): string {
  return loadConfig().NATS_URL;
}

export function qdrantUrl(): string {
  return loadConfig().QDRANT_URL;
}

export function qdrantApiKey(): string | undefined {
  return loadConfig().QDRANT_API_KEY || undefined;
}

/** The team's source entry point; build/command.ts `teamCommand` says how to run it. */
export function teamEntry(team: Team): string {
  return join(ROOT, "teams", team, "src", "main.ts");
}

export function parseTeam(name: string): Team {
  const team = TEAMS.find((t) => t === name.toLowerCase());
  if (!team) throw new Error(`unknown team "${name}": expected one of ${TEAMS.join(", ")}`);
  return team;
}

/** MCP_<TEAM>_ENABLED (default true), checked by the config schema; a bad value names the variable. */
export function teamEnabled(team: Team): boolean {
  return configTeamEnabled(loadConfig(), team);
}
