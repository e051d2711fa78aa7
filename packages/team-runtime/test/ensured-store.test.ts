import { describe, expect, it } from "vitest";
import type { KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { ensuredOnFirstUse } from "../src/ensured-store.ts";

const silent = createLogger({ name: "ensured-store-test", level: "silent" });

/** A store that logs each call and lets the test decide when (and whether) ensuring ends. */
function fakeStore() {
  const calls: string[] = [];
  const pending: Array<{ resolve(): void; reject(err: Error): void }> = [];
  const store: KnowledgeStore = {
    ensureCollections: (names) => {
      calls.push(`ensure ${names.join(",")}`);
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
    upsert: async (collection) => void calls.push(`upsert ${collection}`),
    search: async (collection) => (calls.push(`search ${collection}`), []),
    list: async () => [],
    count: async () => 0,
    retrieve: async () => [],
    deleteByFilter: async () => undefined,
    deletePoints: async () => undefined,
    deleteCollection: async () => undefined,
  };
  return { store, calls, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe("a knowledge store ensured on first use", () => {
  it("starts ensuring at once and holds every operation until the collections exist", async () => {
    const { store, calls, pending } = fakeStore();
    const knowledge = ensuredOnFirstUse(store, ["team_votes", "agent_memory"], silent);
    expect(calls).toEqual(["ensure team_votes,agent_memory"]);
    const upsert = knowledge.upsert("team_votes", []);
    await tick();
    expect(calls).toEqual(["ensure team_votes,agent_memory"]);
    pending[0]!.resolve();
    await upsert;
    await knowledge.search("team_votes", "q");
    expect(calls).toEqual(["ensure team_votes,agent_memory", "upsert team_votes", "search team_votes"]);
  });

  it("tries again on the next operation after a failure instead of remembering it", async () => {
    const { store, calls, pending } = fakeStore();
    const knowledge = ensuredOnFirstUse(store, ["team_votes"], silent);
    pending[0]!.reject(new Error("Qdrant does not answer"));
    await tick();
    const upsert = knowledge.upsert("team_votes", []);
    await tick();
    expect(calls).toEqual(["ensure team_votes", "ensure team_votes"]);
    pending[1]!.resolve();
    await upsert;
    expect(calls.at(-1)).toBe("upsert team_votes");
  });
});
