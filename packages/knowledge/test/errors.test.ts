import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@flotilla/infra";
import { createKnowledgeStore, KnowledgeError } from "../src/index.ts";
import { logger, qdrantFixture } from "./helpers.ts";

let q: Awaited<ReturnType<typeof qdrantFixture>>;

beforeAll(async () => {
  q = await qdrantFixture();
}, 60_000);
afterAll(async () => {
  await q?.stop();
});

describe("KnowledgeError", () => {
  it("names the operation and is retryable when Qdrant cannot be reached", async () => {
    const store = createKnowledgeStore({ url: `http://127.0.0.1:${await freePort()}`, logger });
    const err = await store.search("team_votes", "anything").catch((e: unknown) => e);
    expect(KnowledgeError.is(err)).toBe(true);
    expect(err).toBeInstanceOf(KnowledgeError);
    expect(err).toMatchObject({
      name: "KnowledgeError",
      operation: "search",
      collection: "team_votes",
      isRetryable: true,
      status: undefined,
    });
    expect((err as Error).message).toMatch(/search on collection "team_votes".*ECONNREFUSED/);

    const ensure = await store.ensureCollections(["agent_memory"]).catch((e: unknown) => e);
    expect(ensure).toMatchObject({
      name: "KnowledgeError",
      operation: "ensureCollections",
      collection: "agent_memory",
      isRetryable: true,
    });
  });

  it("is not retryable when Qdrant rejects the request", async () => {
    const err = await q.store.count("no_such_collection").catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: "KnowledgeError",
      operation: "count",
      collection: "no_such_collection",
      status: 404,
      isRetryable: false,
    });
    expect((err as Error).message).toMatch(/doesn't exist/);
  });
});
