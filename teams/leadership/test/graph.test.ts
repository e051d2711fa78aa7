import { describe, expect, it } from "vitest";
import type { Plan } from "@flotilla/contracts";
import { advance, reopen } from "../src/advance.ts";
import { findCycle, graphErrors, packetsOf } from "../src/graph.ts";
import { WorkflowState } from "../src/state.ts";
import { PACKET_STEPS, WORKFLOW } from "../src/workflow.ts";
import { STORED_STATE } from "./stored-state.ts";

const packet = (id: string, team: string, depends_on: string[] = []) => ({
  id,
  team,
  title: id,
  description: id,
  acceptance_criteria: [`${id} works`],
  depends_on,
});
const plan = (...work_packets: Plan["work_packets"]): Plan => ({
  summary: "p",
  simulated: true,
  work_packets,
  risks: [],
});

const stateWith = (p: Plan) => WorkflowState.parse({ ...STORED_STATE, packets: packetsOf(p, PACKET_STEPS) });

describe("plan graphs", () => {
  it("reports cycles, unknown teams, dangling dependencies and duplicate ids, each in words", () => {
    const errors = graphErrors(
      plan(
        packet("a", "development", ["c"]),
        packet("b", "marketing"),
        packet("c", "qa", ["a", "zz"]),
        packet("b", "qa"),
      ),
      PACKET_STEPS,
    );
    expect(errors).toEqual([
      'packet "b" names unknown team "marketing" (teams: development, qa, documentation, devops)',
      'packet id "b" is used twice',
      'packet "c" depends on "zz", which is not in the plan',
      "the dependencies form a cycle: a → c → a",
    ]);
    expect(findCycle([{ id: "x", depends_on: ["x"] }])).toEqual(["x", "x"]);
    expect(graphErrors(plan(packet("t", "qa")), PACKET_STEPS)).toEqual(["the plan has no development packet"]);
    expect(graphErrors(plan(packet("a", "development"), packet("d", "documentation")), PACKET_STEPS)).toEqual([
      'packet "d" (documentation) depends on no development packet, so it has no code to work on',
    ]);
    expect(graphErrors(plan(packet("a", "development"), packet("t", "qa", ["a"])), PACKET_STEPS)).toEqual([]);
  });

  it("completes the review chain: QA for every development packet, docs and deploy when the plan has none", () => {
    const packets = packetsOf(
      plan(packet("a", "development"), packet("b", "development", ["a"]), packet("qa-a", "qa", ["a"])),
      PACKET_STEPS,
    );
    expect(packets.map((p) => `${p.id}:${p.step}${p.implied ? "*" : ""}<${p.depends_on.join(",")}`)).toEqual([
      "a:implement<",
      "b:implement<a",
      "qa-a:test<a",
      "b-test:test*<b",
      "docs:document*<a,b",
      "deploy:deploy*<qa-a,b-test,docs",
    ]);
  });

  it("gives the packets it adds ids no plan packet uses", () => {
    const packets = packetsOf(plan(packet("docs", "development"), packet("docs-test", "development")), PACKET_STEPS);
    const ids = packets.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(["docs", "docs-test", "docs-test-2", "docs-test-test", "docs-2", "deploy"]);
  });

  it("the table gives each packet team its step, and each step a request subject of its team", () => {
    for (const [team, step] of Object.entries(PACKET_STEPS)) {
      expect(WORKFLOW[step].team).toBe(team);
      expect(WORKFLOW[step].request.subject.startsWith(`${team}.`)).toBe(true);
    }
  });
});

describe("advance", () => {
  it("dispatches what is ready, then what became ready, then asks for the sign-off", () => {
    const s = stateWith(
      plan(packet("a", "development"), packet("b", "development"), packet("c", "development", ["a", "b"])),
    );
    const ids = (effects: ReturnType<typeof advance>) =>
      effects.map((e) => (e.kind === "dispatch" ? e.packet : e.kind));
    expect(ids(advance(s))).toEqual(["a", "b"]);
    s.packets.find((p) => p.id === "a")!.status = "done";
    expect(ids(advance(s))).toEqual(["a-test"]); // c still waits for b
    s.packets.find((p) => p.id === "b")!.status = "done";
    expect(ids(advance(s))).toEqual(["c", "b-test"]);
    for (const p of s.packets) p.status = "done";
    expect(ids(advance(s))).toEqual(["signoff"]);
    expect(s.phase).toBe("signoff");
  });

  it("fails a failed packet's dependants with the reason, lets the others finish, then fails the task", () => {
    const s = stateWith(
      plan(packet("a", "development"), packet("b", "development"), packet("c", "development", ["a"])),
    );
    advance(s);
    Object.assign(
      s.packets.find((p) => p.id === "a")!,
      { status: "failed", reason: "boom" },
    );
    advance(s);
    expect(s.packets.find((p) => p.id === "c")).toMatchObject({
      status: "failed",
      reason: "depends on a, which failed: boom",
    });
    expect(s.packets.find((p) => p.id === "b")!.status).toBe("running");
    expect(s.status).toBe("running");
    for (const p of s.packets.filter((x) => x.status !== "failed")) p.status = "done";
    expect(advance(s)).toEqual([{ kind: "outcome" }]);
    expect(s.status).toBe("failed");
    expect(s.reason).toMatch(/a: boom/);
  });

  it("reopens a packet and everything built on it, with the feedback, and re-dispatches it in a new round", () => {
    const s = stateWith(plan(packet("a", "development"), packet("c", "development", ["a"])));
    advance(s);
    for (const p of s.packets) p.status = "done";
    const effects = reopen(s, ["a"], ["handle empty input"]);
    expect(effects).toEqual([{ kind: "dispatch", packet: "a", round: 2 }]);
    expect(
      s.packets
        .filter((p) => p.status === "waiting")
        .map((p) => p.id)
        .sort(),
    ).toEqual(["a-test", "c", "c-test", "deploy", "docs"]);
    expect(s.packets.find((p) => p.id === "a")!.feedback).toEqual(["handle empty input"]);
  });
});
