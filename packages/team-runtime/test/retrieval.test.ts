import { describe, expect, it } from "vitest";
import { loadConfig } from "@flotilla/config";
import { INGEST_RULES_DEFAULT, retrievedCollections } from "@flotilla/contracts";
import { KnowledgeError, type KnowledgeHit, type KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { retrieveContext } from "../src/retrieval.ts";
import { searchCollections } from "../src/collections-search.ts";

const logger = createLogger({ name: "retrieval-test", level: "silent" });
const hit = (id: string, payload: Record<string, unknown> = {}): KnowledgeHit => ({
  id,
  score: 1,
  payload: { text: id, ...payload },
});

/** A store answering from fixed lists; a collection it does not hold is a 404, as in Qdrant. */
function storeOf(collections: Record<string, KnowledgeHit[]>): Pick<KnowledgeStore, "search"> & { searched: string[] } {
  const searched: string[] = [];
  return {
    searched,
    async search(collection, _query, opts) {
      searched.push(collection);
      const hits = collections[collection];
      if (!hits)
        throw new KnowledgeError(`no collection ${collection}`, { operation: "search", collection, status: 404 });
      return hits.slice(0, opts?.limit ?? 10);
    },
  };
}

describe("what agents retrieve", () => {
  it("includes every collection ingestion writes by default, documentation_index among them", () => {
    const byDefault = retrievedCollections(loadConfig({}).QDRANT_COLLECTIONS);
    for (const { collection } of INGEST_RULES_DEFAULT) expect(byDefault).toContain(collection);
    expect(byDefault).toContain("documentation_index");
    // Even when QDRANT_COLLECTIONS leaves them out: ingestion and the runtime create them anyway.
    // Lessons too: the runtime writes them (issue 11), so they exist whatever the variable says.
    expect(retrievedCollections(["something_else"])).toEqual(
      expect.arrayContaining(["documentation_index", "cross_team_tasks", "learning_patterns", "agent_memory"]),
    );
  });

  it("retrieves an ingested README from documentation_index with the default configuration", async () => {
    const knowledge = storeOf({
      documentation_index: [hit("readme", { source: "README.md", heading_path: ["Setup"] })],
    });
    const refs = await retrieveContext({ knowledge, config: loadConfig({}), logger }, "how do I set it up");
    expect(knowledge.searched).toContain("documentation_index");
    expect(refs).toEqual([
      expect.objectContaining({ collection: "documentation_index", source: "README.md", heading_path: ["Setup"] }),
    ]);
  });
});

describe("searchCollections", () => {
  it("interleaves by rank, leaves out excluded hits, skips a failing collection and stops at the total", async () => {
    const knowledge = storeOf({
      a: [hit("a1"), hit("mine", { task_id: "t" }), hit("a2"), hit("a3")],
      b: [hit("b1"), hit("b2")],
    });
    const failed: string[] = [];
    const hits = await searchCollections(knowledge, "q", {
      collections: ["a", "missing", "b"],
      perCollection: 2,
      total: 3,
      exclude: (h) => h.payload.task_id === "t",
      onError: (collection) => failed.push(collection),
    });
    expect(hits.map((h) => `${h.collection}:${h.id}`)).toEqual(["a:a1", "b:b1", "a:a2"]);
    expect(failed).toEqual(["missing"]);
  });
});
