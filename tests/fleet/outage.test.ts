import { describe, expect, it } from "vitest";
import { runChaos } from "@flotilla/cli";

describe("dependency outages in the middle of tasks", () => {
  it("parks the steps and finishes every task: Qdrant down 60 s, then NATS down 30 s", async () => {
    const lines: string[] = [];
    const f = await runChaos({
      tasks: 6,
      concurrency: 6,
      outages: [
        { server: "Qdrant", ms: 60_000 },
        { server: "NATS", ms: 30_000 },
      ],
      killTeams: false,
      print: (line) => lines.push(line),
    });
    expect(f.outages, lines.join("\n")).toEqual(["Qdrant 60 s", "NATS 30 s"]);
    expect(f, lines.join("\n")).toMatchObject({ tasks: 6, completed: 6, failed: 0, lost: 0, duplicates: 0 });
  }, 600_000);
});
