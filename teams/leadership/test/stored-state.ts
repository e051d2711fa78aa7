/** A task's state as stored (before zod fills in its defaults), for tests that build one. */
export const STORED_STATE = {
  task_id: "6f1c2b0e-5a43-4b9a-9a57-0c6d7f3e2a11",
  description: "t",
  correlation_id: "c",
  status: "running",
  phase: "working",
  current_step: "plan",
  started_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
} as const;
