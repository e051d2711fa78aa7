import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { credentialsEnv, ensureCredentials, NATS_USERS, readEnvFile } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-creds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe("ensureCredentials", () => {
  const creds = join(dir, "credentials");

  it("generates a user per team plus admin and client, and the Qdrant keys, readable by us only", () => {
    const made = ensureCredentials(creds);
    expect(mode(creds)).toBe(0o700);
    for (const user of NATS_USERS) {
      expect(mode(join(creds, `${user}.env`))).toBe(0o600);
      expect(readEnvFile(join(creds, `${user}.env`))).toEqual({
        NATS_USER: user,
        NATS_PASSWORD: made.nats[user].password,
      });
      expect(made.nats[user].password).toMatch(/^[\w-]{32}$/);
    }
    expect(new Set(NATS_USERS.map((u) => made.nats[u].password)).size).toBe(NATS_USERS.length);
    expect(readEnvFile(join(creds, "qdrant.env"))).toEqual({
      QDRANT_API_KEY: made.qdrant.apiKey,
      QDRANT_READ_ONLY_API_KEY: made.qdrant.readOnlyApiKey,
    });
    for (const file of ["qdrant.env", "qdrant-server.env", "nats-auth.conf"])
      expect(mode(join(creds, file))).toBe(0o600);
    expect(readEnvFile(join(creds, "qdrant-server.env"))).toEqual({
      QDRANT__SERVICE__API_KEY: made.qdrant.apiKey,
      QDRANT__SERVICE__READ_ONLY_API_KEY: made.qdrant.readOnlyApiKey,
    });
  });

  it("keeps what it generated; a deleted file alone gets a new secret", () => {
    const first = ensureCredentials(creds);
    unlinkSync(join(creds, "qa.env"));
    const second = ensureCredentials(creds);
    expect(second.nats.leadership).toEqual(first.nats.leadership);
    expect(second.qdrant).toEqual(first.qdrant);
    expect(second.nats.qa.password).not.toBe(first.nats.qa.password);
    // The server configuration follows the files.
    const conf = JSON.parse(readFileSync(second.natsAuthFile, "utf8").replace(/^#.*\n/gm, "")) as {
      authorization: { users: Array<{ user: string; password: string; permissions?: unknown }> };
    };
    const qa = conf.authorization.users.find((u) => u.user === "qa");
    expect(qa?.password).toBe(second.nats.qa.password);
    expect(conf.authorization.users.map((u) => u.user).sort()).toEqual([...NATS_USERS].sort());
    expect(conf.authorization.users.find((u) => u.user === "admin")?.permissions).toBeUndefined();
    expect(conf.authorization).not.toHaveProperty("no_auth_user");
  });

  it("credentialsEnv fills only what the environment leaves empty", () => {
    const made = ensureCredentials(creds);
    expect(credentialsEnv(creds, "qa", {})).toEqual({
      NATS_USER: "qa",
      NATS_PASSWORD: made.nats.qa.password,
      QDRANT_API_KEY: made.qdrant.apiKey,
      QDRANT_READ_ONLY_API_KEY: made.qdrant.readOnlyApiKey,
    });
    // A Qdrant key of one's own is for a Qdrant of one's own: no generated read-only key with it.
    expect(credentialsEnv(creds, "qa", { NATS_USER: "me", QDRANT_API_KEY: "mine" })).toEqual({});
    expect(credentialsEnv(creds, "qa", { QDRANT_READ_ONLY_API_KEY: "mine" })).toEqual({
      NATS_USER: "qa",
      NATS_PASSWORD: made.nats.qa.password,
      QDRANT_API_KEY: made.qdrant.apiKey,
    });
    expect(credentialsEnv(join(dir, "nowhere"), "qa", {})).toEqual({});
  });
});
