import { describe, expect, it } from "vitest";
import { runChaos } from "@flotilla/cli";

describe("dependency outages in the middle of tasks", () => {
  it("parks the steps and finishes every task: NATS down 30 s, then Qdrant down 60 s", async () => {
    const lines: string[] = [];
    const f = await runChaos({
      // Two at a time, so tasks are still waiting when each outage begins (NATS down stops them all).
      tasks: 12,
      concurrency: 2,
      outages: [
        { server: "NATS", ms: 30_000 },
        { server: "Qdrant", ms: 60_000 },
      ],
      killTeams: false,
      print: (line) => lines.push(line),
    });
    expect(f.outages, lines.join("\n")).toEqual(["NATS 30 s", "Qdrant 60 s"]);
    for (const flying of f.inFlightAtOutage) expect(flying, lines.join("\n")).toBeGreaterThan(0);
    expect(f, lines.join("\n")).toMatchObject({ tasks: 12, completed: 12, failed: 0, lost: 0, duplicates: 0 });
  }, 600_000);
});
