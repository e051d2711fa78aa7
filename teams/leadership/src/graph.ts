import type { Plan, StepName, TeamName } from "@flotilla/contracts";
import { FlotillaError } from "@flotilla/errors";
import type { PacketState } from "./state.ts";

type PacketTeam = Exclude<TeamName, "leadership">;

/** The step a packet of each team runs (the workflow table's rows, by team). */
export type PacketSteps = Record<PacketTeam, StepName>;

const isPacketTeam = (team: string, steps: PacketSteps): team is PacketTeam => Object.hasOwn(steps, team);

/** Problems with a plan's graph, one line each: duplicate ids, unknown teams, dangling deps, cycles. */
export function graphErrors(plan: Plan, steps: PacketSteps): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const p of plan.work_packets) {
    if (ids.has(p.id)) errors.push(`packet id "${p.id}" is used twice`);
    ids.add(p.id);
    if (!isPacketTeam(p.team, steps))
      errors.push(`packet "${p.id}" names unknown team "${p.team}" (teams: ${Object.keys(steps).join(", ")})`);
  }
  for (const p of plan.work_packets) {
    for (const d of p.depends_on)
      if (!ids.has(d)) errors.push(`packet "${p.id}" depends on "${d}", which is not in the plan`);
  }
  const nodes = plan.work_packets.map((p) => ({
    id: p.id,
    team: p.team,
    depends_on: p.depends_on.filter((d) => ids.has(d)),
  }));
  const cycle = findCycle(nodes);
  if (cycle) errors.push(`the dependencies form a cycle: ${cycle.join(" → ")}`);
  else errors.push(...withoutCode(nodes));
  return errors;
}

/** QA, docs and deploy packets work on code: each needs a development packet among its dependencies. */
function withoutCode(nodes: ReadonlyArray<{ id: string; team: string; depends_on: string[] }>): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const reachesCode = (id: string, seen = new Set<string>()): boolean => {
    for (const d of byId.get(id)?.depends_on ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      if (byId.get(d)?.team === "development" || reachesCode(d, seen)) return true;
    }
    return false;
  };
  if (!nodes.some((n) => n.team === "development")) return ["the plan has no development packet"];
  return nodes
    .filter((n) => n.team !== "development" && !reachesCode(n.id))
    .map((n) => `packet "${n.id}" (${n.team}) depends on no development packet, so it has no code to work on`);
}

/** A dependency cycle as a path of ids (first id repeated at the end), or undefined. */
export function findCycle(nodes: ReadonlyArray<{ id: string; depends_on: readonly string[] }>): string[] | undefined {
  const deps = new Map(nodes.map((n) => [n.id, n.depends_on]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const d of deps.get(id) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const n of nodes) {
    const found = visit(n.id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The packets of a valid plan, completed so every change is reviewed: a development packet no QA
 * packet covers gets one, a plan without documentation gets a docs packet after all development,
 * and one without devops a deploy packet after everything. Rounds continue from the last plan's
 * packets of the same id, so a re-plan does not reset how often work was returned.
 */
export function packetsOf(plan: Plan, steps: PacketSteps, previous: readonly PacketState[] = []): PacketState[] {
  const packets: PacketState[] = plan.work_packets.flatMap((p) =>
    isPacketTeam(p.team, steps) ? [packet(p.id, p.team, steps, p)] : [],
  );
  const taken = new Set(packets.map((p) => p.id));
  /** An id for a packet leadership adds that no plan packet uses. */
  const fresh = (base: string) => {
    let id = base.slice(0, 40);
    for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 36)}-${n}`;
    taken.add(id);
    return id;
  };
  const ofTeam = (team: PacketTeam) => packets.filter((p) => p.team === team);
  const dev = ofTeam("development").map((p) => p.id);
  for (const id of dev) {
    if (ofTeam("qa").some((q) => closure(packets, q.id).has(id))) continue;
    packets.push(packet(fresh(`${id}-test`), "qa", steps, implied(`Test ${id}`, [id]), true));
  }
  if (!ofTeam("documentation").length)
    packets.push(packet(fresh("docs"), "documentation", steps, implied("Document the change", dev), true));
  if (!ofTeam("devops").length) {
    const sinks = packets.filter((p) => !packets.some((o) => o.depends_on.includes(p.id))).map((p) => p.id);
    packets.push(packet(fresh("deploy"), "devops", steps, implied("Apply and release the change", sinks), true));
  }
  const rounds = new Map(previous.map((p) => [p.id, p.round]));
  return topological(packets).map((p) => ({ ...p, round: rounds.get(p.id) ?? 0 }));
}

const implied = (title: string, deps: string[]) => ({
  title,
  description: title,
  acceptance_criteria: [`${title}: meets the task's requirements`],
  depends_on: deps,
});

function packet(
  id: string,
  team: PacketTeam,
  steps: PacketSteps,
  p: { title: string; description: string; acceptance_criteria: string[]; depends_on: string[] },
  isImplied = false,
): PacketState {
  return {
    id,
    team,
    step: steps[team],
    title: p.title,
    description: p.description,
    acceptance_criteria: p.acceptance_criteria,
    depends_on: [...new Set(p.depends_on)],
    implied: isImplied,
    status: "waiting",
    round: 0,
    feedback: [],
  };
}

/** Packets in dependency order, keeping plan order among independent ones (the graph is acyclic). */
function topological(packets: PacketState[]): PacketState[] {
  const placed = new Set<string>();
  const out: PacketState[] = [];
  while (out.length < packets.length) {
    const next = packets.find((p) => !placed.has(p.id) && p.depends_on.every((d) => placed.has(d)));
    if (!next) throw new FlotillaError("a cyclic plan reached topological ordering", { isRetryable: false }); // graphErrors rules it out
    placed.add(next.id);
    out.push(next);
  }
  return out;
}

/** Every packet `id` depends on, directly or not. */
export function closure(packets: readonly PacketState[], id: string): Set<string> {
  const byId = new Map(packets.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const walk = (from: string) => {
    for (const d of byId.get(from)?.depends_on ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      walk(d);
    }
  };
  walk(id);
  return seen;
}

/** Every packet that depends on one of `ids`, directly or not. */
export function dependants(packets: readonly PacketState[], ids: readonly string[]): PacketState[] {
  return packets.filter((p) => ids.some((id) => closure(packets, p.id).has(id)));
}
