import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ env: { TEAM_CONCURRENCY: "16" } });
}, 180_000);
afterAll(async () => fleet?.stop());

// Over 200 characters, so every cut (titles at 77, excerpts at 400...) falls somewhere in it.
const BASE =
  "Add a greeting helper that formats a welcome line for the profile page, with the user's name, " +
  "the local time of day and a short note about the weather, and cover it with tests for morning, noon and night";
const EMOJI = ["😀", "👍🏽", "🇫🇷", "👩‍💻"];
// Every position around the simulated provider's title cut (77 of 80), and a few up to 200.
const POSITIONS = [0, 1, 40, ...Array.from({ length: 41 }, (_, i) => 60 + i), 120, 150, 176, 199, 200];

const textWith = (at: number) => `${BASE.slice(0, at)}${EMOJI[at % EMOJI.length]}${BASE.slice(at)}`;

describe("a task text with an emoji", () => {
  it("completes with the emoji at every position from 60 to 100 and at a few up to 200", async () => {
    expect(BASE.length).toBeGreaterThanOrEqual(200);
    const outcomes = await Promise.all(POSITIONS.map((at) => runTask(fleet, textWith(at), 150_000)));
    const failed = outcomes.flatMap((o, i) => (o.status === "completed" ? [] : [`${POSITIONS[i]}: ${o.status}`]));
    expect(failed).toEqual([]);
  }, 170_000);
});
