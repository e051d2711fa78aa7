/**
 * The official Qdrant client, at the version the store itself uses, for tools that measure the
 * store against bare client calls (scripts/bench-knowledge.ts). Application code uses the store.
 */
export { QdrantClient } from "@qdrant/js-client-rest";
