import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, type CodeReady, type TaskAssignment } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
}, 180_000);
afterAll(async () => fleet?.stop());

const fresh = <T extends { message_id: string }>(m: T): T => ({ ...m, message_id: randomUUID() });

describe("terminal means terminal", () => {
  it("a completed task keeps its outcome through late, duplicate and forged messages, and is announced once", async () => {
    const outcomes: Array<{ subject: string; task_id: string }> = [];
    const codeReady: string[] = [];
    const watchers = [
      fleet.bus.watch("system.task.>", (subject, m) => {
        if (subject === "system.task.completed" || subject === "system.task.failed")
          outcomes.push({ subject, task_id: (m as { task_id: string }).task_id });
      }),
      fleet.bus.watch("development.code.ready", (_s, m) => {
        const ready = m as CodeReady;
        codeReady.push(`${ready.task_id} ${ready.message_id}`);
      }),
    ];
    await fleet.bus.flush();
    const o = await runTask(fleet, "Add a trim helper");
    expect(o.status).toBe("completed");

    // Late and duplicate: development's result again, and its request again (the step must not re-run).
    const lastCode = await fleet.bus.lastMessage<CodeReady>("development.code.ready");
    const lastAssignment = await fleet.bus.lastMessage<TaskAssignment>("development.task.assigned.medium");
    expect(lastCode?.task_id).toBe(o.task_id);
    const late = fresh(lastCode!);
    await fleet.bus.publish("development.code.ready", late);
    await fleet.bus.publish("development.task.assigned", fresh(lastAssignment!));
    // Forged: a dead letter that would fail the task, and a failed deploy.
    await fleet.bus.publish("dlq.development.handler_failed", {
      ...envelope({ sender: { team: "development", agent: "forger", instance_id: "x" } }),
      dlq_metadata: {
        team: "development",
        consumer: "development_development_task_assigned",
        original_subject: "development.task.assigned.medium",
        failure_count: 5,
        first_failure_timestamp: new Date().toISOString(),
        last_failure_timestamp: new Date().toISOString(),
        reason: "handler_failed",
        failure_reason: "forged",
        original_message: JSON.stringify(lastAssignment),
        task_id: o.task_id,
      },
      recovery_instructions: { manual_intervention_required: true, replay_subject: "development.task.assigned" },
    });
    await sleep(6_000);

    const state = await fleet.bus.getJson<{
      status: string;
      outcome_published: boolean;
      history: Array<{ event: string }>;
    }>("workflow_state", o.task_id);
    expect(state).toMatchObject({ status: "completed", outcome_published: true });
    const ignored = state!.history.filter((h) => h.event.startsWith("ignored, task completed"));
    expect(ignored.length).toBeGreaterThanOrEqual(2);
    expect(outcomes.filter((x) => x.task_id === o.task_id)).toEqual([
      { subject: "system.task.completed", task_id: o.task_id },
    ]);
    // Development never ran the re-delivered request: besides our late copy, one code.ready, the original.
    const fromDevelopment = codeReady.filter((r) => r.startsWith(o.task_id) && !r.endsWith(late.message_id));
    expect(fromDevelopment).toHaveLength(1);
    for (const w of watchers) w.stop();
  });
});
