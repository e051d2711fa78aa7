import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableId } from "@flotilla/contracts";
import { KnowledgeError } from "../src/index.ts";
import { qdrantFixture, qdrantGet } from "./helpers.ts";

let q: Awaited<ReturnType<typeof qdrantFixture>>;
const C = "team_votes";
const id = (n: number) => stableId("well-formed-test", n);
// A text cut inside a surrogate pair: "...page 😀" cut after the high half, and a stray low half.
const LONE = "Add a login page \ud83d";

beforeAll(async () => {
  q = await qdrantFixture();
  await q.store.ensureCollections([C]);
}, 60_000);
afterAll(async () => {
  await q?.stop();
});

describe("text with lone surrogates", () => {
  it("is refused by Qdrant when sent as is (why the store cleans it)", async () => {
    const body = JSON.stringify({ points: [{ id: id(99), vector: {}, payload: { text: LONE } }] });
    const res = await fetch(`${q.server.url}/collections/${C}/points?wait=true`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(400);
  });

  it("is written with U+FFFD in place of each lone surrogate, in text, payload values and keys", async () => {
    await q.store.upsert(C, [
      {
        id: id(0),
        text: LONE,
        payload: {
          team: "qa",
          rationale: `ok \ude00 ${"😀"}`,
          nested: { list: ["\ud83d", { deeper: "x\udfff" }] },
          ["key\ud83d"]: 1,
        },
      },
    ]);
    const [stored] = await q.store.retrieve(C, [id(0)]);
    expect(stored!.payload).toEqual({
      team: "qa",
      text: "Add a login page \ufffd",
      rationale: `ok \ufffd ${"😀"}`,
      nested: { list: ["\ufffd", { deeper: "x\ufffd" }] },
      ["key\ufffd"]: 1,
    });
    // Read back raw, independent of the store: it is there and searchable.
    const raw = await qdrantGet<{ payload: { text: string } }>(q.server.url, `/collections/${C}/points/${id(0)}`);
    expect(raw.payload.text).toBe("Add a login page \ufffd");
    expect((await q.store.search(C, `login page \ud83d`)).map((h) => h.id)).toEqual([id(0)]);
    expect(await q.store.count(C, { team: "qa\ud83d" })).toBe(0);
  });

  it("refuses a payload nested deeper than Qdrant reads with a clear error", async () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const err = await q.store.upsert(C, [{ id: id(1), text: "deep", payload: { deep } }]).catch((e: unknown) => e);
    expect(KnowledgeError.is(err)).toBe(true);
    expect((err as Error).message).toMatch(/upsert.*team_votes.*nested deeper than \d+ levels/);
    expect((err as KnowledgeError).isRetryable).toBe(false);
  });
});
