export { freePort, canConnect, isLoopbackHost, waitUntil } from "./net.ts";
export { startNatsServer, findNatsServer, type NatsServerOptions } from "./nats-server.ts";
export { startQdrant, findQdrant, qdrantReady, type QdrantServerOptions } from "./qdrant-server.ts";
export { ensureInfra, type EnsureInfraOptions, type Infra } from "./ensure.ts";
export { stopPid, isAlive, type ServerHandle } from "./process.ts";
export {
  ensureCredentials,
  credentialsDir,
  credentialsEnv,
  readEnvFile,
  readNatsCredentials,
  NATS_USERS,
  type NatsUser,
  type NatsAuthUser,
  type NatsCredentials,
  type LocalCredentials,
} from "./credentials.ts";
export { natsPermissions, fleetPermissions, inboxPrefix, type NatsPermissions } from "./auth/nats-permissions.ts";
export { allows } from "./auth/subject-match.ts";
export { catalogueRoles, type Principal, type RowRoles } from "./auth/catalogue-roles.ts";
export { KV_WRITERS, OBJECT_WRITERS } from "./auth/storage-access.ts";
export { natsAuthConfig, type NatsUserEntry } from "./auth/nats-config.ts";
