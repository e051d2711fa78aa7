export { freePort, canConnect, isLoopbackHost, waitUntil } from "./net.ts";
export { startNatsServer, findNatsServer, type NatsServerOptions } from "./nats-server.ts";
export { startQdrant, findQdrant, qdrantReady, type QdrantServerOptions } from "./qdrant-server.ts";
export { ensureInfra, type EnsureInfraOptions, type Infra } from "./ensure.ts";
export { stopPid, isAlive, type ServerHandle } from "./process.ts";
