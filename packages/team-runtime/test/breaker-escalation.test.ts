import { describe, expect, it } from "vitest";
import { createLogger } from "@flotilla/log";
import { breakerEscalation } from "../src/breaker-escalation.ts";

describe("breakerEscalation", () => {
  it("escalates once a circuit has not closed for the limit, once, and again after it closed and failed anew", async () => {
    const sent: Array<{ subject: string; reason: string }> = [];
    let clock = 0;
    const listen = breakerEscalation(
      {
        team: "qa",
        instanceId: "qa-1",
        bus: {
          publish: (async (subject: string, m: { reason: string }) =>
            sent.push({ subject, reason: m.reason })) as never,
        },
        logger: createLogger({ name: "t", level: "silent" }),
      },
      15 * 60_000,
      () => clock,
    );
    const at = (minutes: number, to: string) => {
      clock = minutes * 60_000;
      listen({ key: "groq/llama", to });
    };
    at(0, "OPEN");
    at(1, "HALF_OPEN");
    at(1, "OPEN");
    at(14, "OPEN");
    expect(sent).toEqual([]);
    at(16, "HALF_OPEN");
    at(17, "OPEN");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: "escalation.human.required" });
    expect(sent[0]!.reason).toMatch(/groq\/llama has not closed for 16 minutes/);
    at(20, "CLOSED");
    at(21, "OPEN");
    at(35, "OPEN");
    expect(sent).toHaveLength(1);
    at(37, "OPEN");
    expect(sent).toHaveLength(2);
  });
});
