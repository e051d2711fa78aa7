import { describe, expect, it } from "vitest";
import { editable, WorkflowState } from "../src/state.ts";
import { STORED_STATE } from "./stored-state.ts";

describe("editable", () => {
  it("validates a state someone else wrote: defaults filled in, a broken one refused", () => {
    const s = editable(STORED_STATE as unknown as WorkflowState, false);
    expect(s.history).toEqual([]);
    expect(s.outcome_published).toBe(false);
    expect(() => editable({ ...STORED_STATE, status: "sleeping" } as unknown as WorkflowState, false)).toThrow(
      /status/,
    );
  });

  it("takes this process's own state as a copy the transition may change", () => {
    const own = WorkflowState.parse(STORED_STATE);
    const s = editable(own, true);
    expect(s).toEqual(own);
    s.history.push({ at: "now", event: "changed" });
    s.outcome_published = true;
    expect(own.history).toEqual([]);
    expect(own.outcome_published).toBe(false);
  });
});
