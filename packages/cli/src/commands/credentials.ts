import { join, relative } from "node:path";
import { ensureCredentials, NATS_USERS } from "@flotilla/infra";
import { cliBus } from "../connect.ts";
import { reloadNatsServer } from "../infra-commands.ts";
import { CREDENTIALS_DIR } from "../local-credentials.ts";
import { ROOT } from "../paths.ts";
import { out } from "../say.ts";

const WHO: Record<string, string> = {
  admin: "everything: provisioning, `flotilla show`, DLQ and admin tooling",
  client: "people and their programs: publish system.task.request, follow system.task.>",
};

/**
 * `flotilla credentials`: generates what is missing under .flotilla/credentials (NATS users,
 * Qdrant keys) and rewrites the nats-server configuration from the subject catalogue; a
 * nats-server `up` started reloads it. Says what each file is for; prints no secret.
 */
export async function runCredentials(): Promise<number> {
  const made = ensureCredentials(CREDENTIALS_DIR);
  if (made.natsAuthChanged) reloadNatsServer();
  const at = (file: string) => {
    const path = join(CREDENTIALS_DIR, file);
    return path.startsWith(`${ROOT}/`) ? relative(ROOT, path) : path;
  };
  for (const user of NATS_USERS)
    out(`${at(`${user}.env`).padEnd(44)} NATS_USER=${user}: ${WHO[user] ?? `the ${user} team's processes`}`);
  out(`${at("qdrant.env").padEnd(44)} QDRANT_API_KEY, QDRANT_READ_ONLY_API_KEY (searches only)`);
  out(`${at("nats-auth.conf").padEnd(44)} nats-server -c: the users and their permissions`);
  out(`${at("qdrant-server.env").padEnd(44)} the Qdrant container's keys (docker compose)`);
  out("all mode 0600; delete a file to get a new secret, then restart what uses it (docs/security.md)");
  return 0;
}

/**
 * `flotilla provision`: creates the streams, durable consumers, KV buckets and object stores as
 * admin (teams may only check them). `up`, `mcp` and `demo` do it themselves; docker compose runs
 * it once before the teams, with admin.env.
 */
export async function runProvision(): Promise<number> {
  const bus = await cliBus({ as: "admin" });
  try {
    await bus.provision(); // a no-op check when cliBus did it already (as admin)
  } finally {
    await bus.close();
  }
  out("streams, consumers, KV buckets and object stores are in place");
  return 0;
}
