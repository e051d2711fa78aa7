import {
  credentialsDir,
  credentialsEnv,
  ensureCredentials,
  readNatsCredentials,
  type LocalCredentials,
  type NatsAuthUser,
} from "@flotilla/infra";
import { loadConfig } from "@flotilla/config";
import { FLOTILLA_DIR, type Team } from "./paths.ts";

/** Where this CLI keeps the fleet's credentials: `.flotilla/credentials` (FLOTILLA_HOME moves it). */
export const CREDENTIALS_DIR = credentialsDir(FLOTILLA_DIR);

/**
 * Generates what is missing under `.flotilla/credentials` and gives this process the Qdrant keys
 * its environment leaves empty, so its own Qdrant calls (ingest, search) carry them.
 */
export function useLocalCredentials(): LocalCredentials {
  const made = ensureCredentials(CREDENTIALS_DIR);
  const { QDRANT_API_KEY, QDRANT_READ_ONLY_API_KEY } = credentialsEnv(CREDENTIALS_DIR, "admin");
  if (QDRANT_API_KEY) process.env.QDRANT_API_KEY = QDRANT_API_KEY;
  if (QDRANT_READ_ONLY_API_KEY) process.env.QDRANT_READ_ONLY_API_KEY = QDRANT_READ_ONLY_API_KEY;
  return made;
}

/**
 * Who the CLI connects to NATS as. NATS_USER/NATS_PASSWORD in the environment win (a person's
 * own account on a remote server); otherwise `client` for commands that only submit and follow
 * tasks, `admin` for the rest (provisioning, objects, DLQ); anonymous when no file exists.
 */
export function cliNatsAuth(role: NatsAuthUser): { user?: string; pass?: string } {
  const config = loadConfig();
  if (config.NATS_USER) return { user: config.NATS_USER, pass: config.NATS_PASSWORD };
  const found = readNatsCredentials(CREDENTIALS_DIR, role);
  return found ? { user: found.user, pass: found.password } : {};
}

/**
 * The credentials a team process started by this CLI gets: its own NATS user from
 * `<team>.env` (whatever NATS_USER the person's shell holds: the launcher made these files for
 * the servers it starts), and the Qdrant keys unless `env` sets them.
 */
export function teamCredentialsEnv(team: Team, env: NodeJS.ProcessEnv): Record<string, string> {
  const nats = readNatsCredentials(CREDENTIALS_DIR, team);
  return {
    ...credentialsEnv(CREDENTIALS_DIR, team, env),
    ...(nats ? { NATS_USER: nats.user, NATS_PASSWORD: nats.password } : {}),
  };
}
