import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PacketOutcome, PlanRequest, TaskProgress } from "@flotilla/contracts";
import { submitTask } from "@flotilla/cli";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { streamCount } from "../support/assertions.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
}, 180_000);
afterAll(async () => fleet?.stop());

const packet = (packets: PacketOutcome[], id: string) => {
  const p = packets.find((x) => x.id === id);
  if (!p) throw new Error(`no packet ${id} in ${packets.map((x) => x.id).join(", ")}`);
  return p;
};

describe("a plan is a graph of work packets", () => {
  it("runs independent packets in parallel and dependent ones after their dependencies", async () => {
    // When each team received and finished each packet, as the teams themselves report it.
    const seen = new Map<string, number>();
    const sub = fleet.bus.watch("system.task.progress", (_s, m) => {
      const p = m as TaskProgress;
      if (p.packet_id && (p.phase === "received" || p.phase === "done"))
        seen.set(`${p.packet_id}:${p.phase}`, Date.now());
    });
    const o = await runTask(fleet, "Add a two-part parser [sim:leadership:plan=graph4] [sim:slow=dev-b]", 120_000);
    sub.stop();
    expect(o.status, o.status === "failed" ? o.reason : "").toBe("completed");
    const at = (id: string, phase: "received" | "done") => {
      const t = seen.get(`${id}:${phase}`);
      if (t === undefined) throw new Error(`no ${phase} progress for ${id}`);
      return t;
    };
    // A and B overlap in time.
    expect(at("dev-a", "received")).toBeLessThan(at("dev-b", "done"));
    expect(at("dev-b", "received")).toBeLessThan(at("dev-a", "done"));
    // D (after A only) starts before slow B ends; C starts after both.
    expect(at("docs-d", "received")).toBeLessThan(at("dev-b", "done"));
    expect(at("dev-c", "received")).toBeGreaterThanOrEqual(Math.max(at("dev-a", "done"), at("dev-b", "done")));

    // The outcome lists all four, plus the review packets leadership added (QA per development packet, deploy).
    const ids = o.packets.map((p) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(["dev-a", "dev-b", "dev-c", "docs-d", "dev-a-test", "dev-b-test", "dev-c-test", "deploy"]),
    );
    for (const p of o.packets) {
      expect(p.status).toBe("done");
      expect(p.vote?.ballots).toBeGreaterThan(0);
      expect(p.artifacts.length).toBeGreaterThan(0);
    }
    expect(packet(o.packets, "dev-c").depends_on).toEqual(["dev-a", "dev-b"]);
    expect(packet(o.packets, "docs-d").implied).toBe(false);
    expect(packet(o.packets, "deploy").implied).toBe(true);
    // Each packet's request went out once.
    expect(await streamCount(fleet, "DEVELOPMENT", "development.task.assigned.medium")).toBe(3);
  });

  it("re-plans a plan whose dependencies form a cycle, with the error, keeping requester, priority and trace", async () => {
    const o = await submitTask(fleet.bus, "Add a trim helper [sim:leadership:cycle=1]", {
      priority: "high",
      timeoutMs: 90_000,
    });
    expect(o?.status).toBe("completed");
    if (!o) return;
    expect(o.teams.find((t) => t.step === "plan")?.rounds).toBe(2);
    // The re-plan is a real message, on the task's priority, with its requester and trace.
    const replan = await fleet.bus.lastMessage<PlanRequest>("leadership.plan.requested.high");
    expect(replan?.task_id).toBe(o.task_id);
    expect(replan?.workflow).toMatchObject({ round: 2, priority: "high" });
    expect(replan?.task.priority).toBe("high");
    expect(replan?.requester.user_id).toBe(process.env.USER ?? "cli");
    expect(replan?.trace_id).toBe(o.trace_id);
    expect(replan?.workflow.feedback.join(" ")).toMatch(
      /cycle: development-1 → devops-1 → documentation-1 → qa-1 → development-1/,
    );
  });

  it("fails the task with the reason when every plan names an unknown team", async () => {
    const o = await runTask(fleet, "Add a pad helper [sim:leadership:unknown-team=9]");
    expect(o.status).toBe("failed");
    if (o.status !== "failed") return;
    expect(o.reason).toMatch(/no usable plan after 3 rounds/);
    expect(o.reason).toMatch(/unknown team "marketing"/);
    expect(o.packets).toEqual([]);
  });
});

describe("a packet that fails", () => {
  it("fails the packets built on it with the reason, lets the others finish, then fails the task", async () => {
    const o = await runTask(fleet, "Add a two-part formatter [sim:leadership:plan=graph4] [sim:fail=dev-b]");
    expect(o.status).toBe("failed");
    if (o.status !== "failed") return;
    const status = Object.fromEntries(o.packets.map((p) => [p.id, p.status]));
    // dev-a's chain (its QA and docs-d) finished; what is built on dev-b failed with the reason.
    expect(status).toMatchObject({ "dev-a": "done", "dev-a-test": "done", "docs-d": "done" });
    expect(status).toMatchObject({ "dev-b": "failed", "dev-b-test": "failed", "dev-c": "failed", deploy: "failed" });
    expect(packet(o.packets, "dev-b").reason).toMatch(/development could not process development\.task\.assigned/);
    expect(packet(o.packets, "dev-c").reason).toMatch(/^depends on dev-b, which failed: /);
    expect(o.reason).toMatch(/^work packets failed — dev-b: /);
    expect(o.failed_step).toBe("implement");
  });
});

describe("sign-off can say no", () => {
  it("sends the named packet back and completes when the next sign-off accepts", async () => {
    const o = await runTask(fleet, "Add a clamp helper [sim:leadership:signoff-reject=1]");
    expect(o.status).toBe("completed");
    expect(o.teams.find((t) => t.step === "signoff")?.rounds).toBe(2);
    expect(packet(o.packets, "development-1").rounds).toBe(2);
  });

  it("fails, never completes, when the sign-off keeps rejecting", async () => {
    const completed: string[] = [];
    const sub = fleet.bus.watch("system.task.completed", (_s, m) => completed.push((m as { task_id: string }).task_id));
    const o = await runTask(fleet, "Add a lerp helper [sim:leadership:signoff-reject=9]");
    sub.stop();
    expect(o.status).toBe("failed");
    if (o.status !== "failed") return;
    expect(o.reason).toMatch(/sign-off rejected the result after 3 round/);
    expect(completed).not.toContain(o.task_id);
  });
});
