import { describe, expect, it } from "vitest";
import { catalogueEntry, DURABLES } from "@flotilla/contracts";
import type { TeamSpec } from "@flotilla/team-runtime";
import { team as leadership } from "@flotilla/team-leadership";
import { team as development } from "@flotilla/team-development";
import { team as qa } from "@flotilla/team-qa";
import { team as documentation } from "@flotilla/team-documentation";
import { team as devops } from "@flotilla/team-devops";

describe("the team declarations", () => {
  const teams: TeamSpec[] = [leadership, development, qa, documentation, devops];

  it("consume exactly the subjects the catalogue gives them durable consumers on", () => {
    const declared = teams.flatMap((t) =>
      [...t.steps.map((x) => x.consumes), ...(t.handlers ?? []).map((h) => h.consumes)].map((s) => `${t.name} ${s}`),
    );
    // A prioritized work request has one durable per priority, all on its catalogue subject.
    const durable = new Set(DURABLES.map((d) => `${d.team} ${catalogueEntry(d.subject)?.subject}`));
    expect(declared.sort()).toEqual([...durable].sort());
    for (const d of declared) expect(catalogueEntry(d.split(" ")[1]!.replaceAll("*", "x")), d).toBeDefined();
  });

  it("give every team several agents on different providers", () => {
    for (const t of teams) {
      expect(t.agents.length, t.name).toBeGreaterThanOrEqual(3);
      expect(new Set(t.agents.map((a) => a.model.provider)).size, t.name).toBeGreaterThanOrEqual(3);
    }
  });

  it("cover the six workflow steps exactly once", () => {
    expect(teams.flatMap((t) => t.steps.map((s) => s.step)).sort()).toEqual([
      "deploy",
      "document",
      "implement",
      "plan",
      "signoff",
      "test",
    ]);
  });
});
