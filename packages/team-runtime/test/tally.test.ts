import { describe, expect, it } from "vitest";
import type { Ballot } from "@flotilla/contracts";
import { tally } from "../src/tally.ts";

const MIN = 0.66;
const v = (vote: Ballot["vote"], confidence = 0.8) => ({ vote, confidence });

describe("tally", () => {
  it("refuses a lone approval among abstainers: no quorum, however high the ratio", () => {
    const t = tally([v("approve"), v("abstain"), v("abstain")], MIN);
    expect(t).toMatchObject({
      approvals: 1,
      rejections: 0,
      abstentions: 2,
      voters: 3,
      quorum: false,
      approval_ratio: 1,
      consensus: false,
    });
  });

  it("accepts two approvals and one abstention of three voters", () => {
    const t = tally([v("approve", 0.7), v("approve", 0.9), v("abstain")], MIN);
    expect(t).toMatchObject({ quorum: true, approval_ratio: 1, head_count_ratio: 1, consensus: true });
    expect(t.support).toBeCloseTo(1.6);
  });

  it("rejects when confident rejection outweighs a head-count majority", () => {
    const t = tally([v("approve", 0.3), v("approve", 0.3), v("reject", 0.9)], MIN);
    expect(t.head_count_ratio).toBeCloseTo(2 / 3); // ≥ 0.66: a head count would accept
    expect(t.approval_ratio).toBeCloseTo(0.4); // 0.6 / 1.5
    expect(t.consensus).toBe(false);
  });

  it("accepts when a confident approval outweighs a hesitant rejection", () => {
    const t = tally([v("approve", 0.95), v("reject", 0.2)], MIN);
    expect(t.head_count_ratio).toBe(0.5); // a head count would reject
    expect(t.approval_ratio).toBeCloseTo(0.95 / 1.15); // ≈ 0.83
    expect(t.consensus).toBe(true);
  });

  it("finds no consensus when everyone abstains, with a ratio of 0", () => {
    const t = tally([v("abstain"), v("abstain"), v("abstain")], MIN);
    expect(t).toMatchObject({ quorum: false, approval_ratio: 0, head_count_ratio: 0, support: 0, consensus: false });
  });

  it("meets the quorum with exactly half of the voters decided", () => {
    const t = tally([v("approve"), v("approve"), v("abstain"), v("abstain")], MIN);
    expect(t).toMatchObject({ quorum: true, consensus: true });
    expect(tally([v("approve"), v("abstain"), v("abstain")], MIN).quorum).toBe(false); // 1 of 3 is under half
  });

  it("finds no consensus without voters", () => {
    expect(tally([], 0)).toMatchObject({ voters: 0, quorum: false, consensus: false });
  });
});
