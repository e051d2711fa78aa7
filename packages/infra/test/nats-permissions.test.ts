import { describe, expect, it } from "vitest";
import { KV_BUCKETS, OBJECT_STORES, SUBJECTS, TEAMS } from "@flotilla/contracts";
import {
  allows as covers,
  catalogueRoles,
  fleetPermissions,
  KV_WRITERS,
  natsPermissions,
  OBJECT_WRITERS,
} from "../src/index.ts";

describe("NATS permissions derived from the subject catalogue", () => {
  it("read every row's producer and consumers (a row nobody can be named from fails here)", () => {
    const roles = catalogueRoles();
    expect(roles).toHaveLength(SUBJECTS.length);
    for (const row of roles) expect(row.publishers.length, row.entry.subject).toBeGreaterThan(0);
  });

  it("let the client request tasks and forge nothing a team acts on", () => {
    const { publish, subscribe } = natsPermissions("client");
    expect(covers(publish.allow, "system.task.request")).toBe(true);
    for (const forged of [
      "devops.deployed",
      "qa.approved",
      "dlq.leadership.handler_failed",
      "system.task.completed",
      "system.task.failed",
      "devops.deploy.requested.high",
      "$KV.workflow_state.t1",
      "$O.code_artifacts.M.x",
      "$JS.API.STREAM.DELETE.SYSTEM",
      "$JS.API.CONSUMER.MSG.NEXT.QA.qa__qa_test_requested_high",
    ])
      expect(covers(publish.allow, forged), forged).toBe(false);
    expect(covers(subscribe.allow, "system.task.completed")).toBe(true);
    expect(covers(subscribe.allow, "development.task.assigned.high")).toBe(false);
  });

  it("let each team publish its own subjects only, and leadership alone write workflow_state", () => {
    const all = fleetPermissions();
    expect(covers(all.qa.publish.allow, "qa.approved")).toBe(true);
    expect(covers(all.devops.publish.allow, "qa.approved")).toBe(false);
    expect(covers(all.devops.publish.allow, "team.devops.health")).toBe(true);
    expect(covers(all.devops.publish.allow, "team.qa.health")).toBe(false);
    expect(covers(all.devops.publish.allow, "dlq.devops.handler_failed")).toBe(true);
    expect(covers(all.devops.publish.allow, "dlq.qa.handler_failed")).toBe(false);
    expect(covers(all.development.publish.allow, "development.task.assigned.high")).toBe(false);
    expect(covers(all.leadership.publish.allow, "development.task.assigned.high")).toBe(true);
    for (const team of TEAMS)
      expect(covers(all[team].publish.allow, "$KV.workflow_state.t1"), team).toBe(team === "leadership");
  });

  it("know who writes every KV bucket and object store of the contracts", () => {
    for (const bucket of KV_BUCKETS) expect(KV_WRITERS, bucket).toHaveProperty(bucket);
    for (const store of OBJECT_STORES) expect(OBJECT_WRITERS, store).toHaveProperty(store);
  });

  it("give a team the consumers of its own durables only, and its own inbox", () => {
    const { qa } = fleetPermissions();
    expect(covers(qa.publish.allow, "$JS.API.CONSUMER.MSG.NEXT.QA.qa__qa_test_requested_high")).toBe(true);
    expect(covers(qa.publish.allow, "$JS.API.CONSUMER.MSG.NEXT.QA.leadership__qa_approved")).toBe(false);
    expect(covers(qa.publish.allow, "$JS.ACK.QA.leadership__qa_approved.1.2.3.4.5")).toBe(false);
    expect(covers(qa.subscribe.allow, "_INBOX_qa.abc")).toBe(true);
    expect(covers(qa.subscribe.allow, "_INBOX_leadership.abc")).toBe(false);
  });
});
