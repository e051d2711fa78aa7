import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@flotilla/infra";
import { startDashboardCli } from "../support/dashboard.ts";
import { startFleet, type Fleet } from "../support/fleet.ts";

// Only the servers: the binding is decided before the dashboard reads anything.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ teams: [] });
}, 120_000);
afterAll(async () => fleet?.stop());

describe("the dashboard's binding", () => {
  it("refuses a non-loopback host without a token, saying which variable to set", async () => {
    const refused = await startDashboardCli({
      ...fleet.env,
      FLOTILLA_DASHBOARD_HOST: "0.0.0.0",
      FLOTILLA_DASHBOARD_PORT: "0",
    }).then(
      (d) => d.stop().then(() => undefined),
      (err: { code: number; text: string }) => err,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.text).toContain("FLOTILLA_DASHBOARD_TOKEN");
  }, 60_000);

  it("with a token, answers 401 without it and serves with the header or the cookie ?token= sets", async () => {
    const token = randomUUID();
    const port = await freePort();
    const guarded = await startDashboardCli({
      ...fleet.env,
      FLOTILLA_DASHBOARD_HOST: "0.0.0.0",
      FLOTILLA_DASHBOARD_PORT: String(port),
      FLOTILLA_DASHBOARD_TOKEN: token,
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/tasks`)).status).toBe(401);
      expect((await fetch(`${base}/live`)).status).toBe(401);
      expect((await fetch(`${base}/tasks`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      expect((await fetch(`${base}/tasks`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const login = await fetch(`${base}/tasks?token=${token}`, { redirect: "manual" });
      expect(login.status).toBe(303);
      expect(login.headers.get("location")).toBe("/tasks");
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      expect((await fetch(`${base}/tasks`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  }, 60_000);
});
