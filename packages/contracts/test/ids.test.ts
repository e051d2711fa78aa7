import { describe, expect, it } from "vitest";
import { v5 } from "uuid";
import { FLOTILLA_NAMESPACE, ids, stableId } from "../src/index.ts";

describe("stableId", () => {
  it("is the UUID v5 of its parts joined by | in Flotilla's namespace, the same from one version to the next", () => {
    // Ids are stored (Qdrant points, message ids JetStream de-duplicates by): they must not change.
    expect(stableId("msg", "task-1", "qa", 2)).toBe("bba64475-6db5-5bd8-a7e2-ba60117b7d2f");
    expect(stableId("rating", "é", 1)).toBe(v5("rating|é|1", FLOTILLA_NAMESPACE));
  });

  it("gives packets of one step different ids", () => {
    const c = { taskId: "t", team: "qa", step: "test", round: 1 };
    expect(ids.ballot({ ...c, packet: "qa-1" }, 1, "a")).not.toBe(ids.ballot({ ...c, packet: "qa-2" }, 1, "a"));
  });
});
