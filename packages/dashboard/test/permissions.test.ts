import { describe, expect, it } from "vitest";
import { allows as covers, natsPermissions } from "@flotilla/infra";

describe("the dashboard's NATS user", () => {
  const { publish, subscribe } = natsPermissions("dashboard");

  it("follows every task and its progress", () => {
    for (const subject of [
      "system.task.request",
      "system.task.completed",
      "system.task.failed",
      "metrics.workflow.progress",
    ])
      expect(covers(subscribe.allow, subject), subject).toBe(true);
    expect(covers(subscribe.allow, "_INBOX_dashboard.x")).toBe(true);
    expect(covers(subscribe.allow, "_INBOX.x")).toBe(false);
    expect(covers(subscribe.allow, "development.task.assigned.high")).toBe(false);
  });

  it("reads the task states, the ledger, every object store and the DLQ", () => {
    for (const subject of [
      "$JS.API.DIRECT.GET.KV_workflow_state.$KV.workflow_state.t1",
      "$JS.API.CONSUMER.CREATE.KV_workflow_state.x.$KV.workflow_state.>",
      "$JS.API.STREAM.MSG.GET.KV_ledger",
      "$JS.API.STREAM.MSG.GET.OBJ_code_artifacts",
      "$JS.API.STREAM.MSG.GET.OBJ_test_artifacts",
      "$JS.API.STREAM.MSG.GET.DLQ",
    ])
      expect(covers(publish.allow, subject), subject).toBe(true);
  });

  it("publishes nothing and writes nothing", () => {
    for (const subject of [
      "system.task.request",
      "system.task.completed",
      "qa.approved",
      "dlq.leadership.handler_failed",
      "$KV.workflow_state.t1",
      "$KV.ledger.t1",
      "$O.code_artifacts.M.x",
      "$JS.API.STREAM.PURGE.OBJ_code_artifacts",
      "$JS.API.STREAM.MSG.DELETE.DLQ",
      "$JS.API.STREAM.DELETE.SYSTEM",
      "$JS.API.CONSUMER.MSG.NEXT.QA.qa__qa_test_requested_high",
    ])
      expect(covers(publish.allow, subject), subject).toBe(false);
  });

  it("leaves the client user reading no stored work", () => {
    const client = natsPermissions("client");
    expect(covers(client.publish.allow, "$JS.API.STREAM.MSG.GET.OBJ_code_artifacts")).toBe(false);
    expect(covers(client.publish.allow, "$JS.API.DIRECT.GET.KV_workflow_state.$KV.workflow_state.t1")).toBe(false);
    expect(covers(client.subscribe.allow, "metrics.workflow.progress")).toBe(true);
  });
});
