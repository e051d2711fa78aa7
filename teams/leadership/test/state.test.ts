import { describe, expect, it } from "vitest";
import { editable, WorkflowState } from "../src/state.ts";

const stored = {
  task_id: "6f1c2b0e-5a43-4b9a-9a57-0c6d7f3e2a11",
  description: "t",
  correlation_id: "c",
  status: "running",
  phase: "working",
  current_step: "plan",
  started_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

describe("editable", () => {
  it("validates a state someone else wrote: defaults filled in, a broken one refused", () => {
    const s = editable(stored as unknown as WorkflowState, false);
    expect(s.history).toEqual([]);
    expect(s.outcome_published).toBe(false);
    expect(() => editable({ ...stored, status: "sleeping" } as unknown as WorkflowState, false)).toThrow(/status/);
  });

  it("takes this process's own state as a copy the transition may change", () => {
    const own = WorkflowState.parse(stored);
    const s = editable(own, true);
    expect(s).toEqual(own);
    s.history.push({ at: "now", event: "changed" });
    s.outcome_published = true;
    expect(own.history).toEqual([]);
    expect(own.outcome_published).toBe(false);
  });
});
