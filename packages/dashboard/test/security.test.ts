import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { checkBinding, DashboardError } from "../src/index.ts";
import { guard, TOKEN_COOKIE } from "../src/security/guard.ts";

const app = (token: string) =>
  new Hono().use(guard({ host: "0.0.0.0", port: 4280, token })).get("/tasks", (c) => c.text("ok"));
const ask = (a: Hono, path: string, headers: Record<string, string> = {}) =>
  a.request(`http://127.0.0.1:4280${path}`, { headers: { host: "127.0.0.1:4280", ...headers } });

describe("the dashboard's binding", () => {
  it("listens on loopback without a token, anywhere else only with one", () => {
    for (const host of ["127.0.0.1", "localhost", "::1"])
      expect(checkBinding({ host, port: 1, token: "" }).host).toBe(host);
    expect(checkBinding({ host: "0.0.0.0", port: 1, token: "s3cret" }).token).toBe("s3cret");
    expect(() => checkBinding({ host: "0.0.0.0", port: 1, token: "" })).toThrow(/FLOTILLA_DASHBOARD_TOKEN/);
    try {
      checkBinding({ host: "10.0.0.5", port: 1, token: "" });
    } catch (err) {
      expect(DashboardError.is(err)).toBe(true);
    }
  });
});

describe("the guard", () => {
  it("without a token, answers only requests naming a loopback host (no DNS rebinding)", async () => {
    const open = app("");
    expect((await ask(open, "/tasks")).status).toBe(200);
    expect((await ask(open, "/tasks", { host: "localhost:4280" })).status).toBe(200);
    expect((await ask(open, "/tasks", { host: "evil.example:4280" })).status).toBe(403);
  });

  it("with a token, wants it as a bearer header or the cookie a ?token= visit sets", async () => {
    const guarded = app("t0ken");
    expect((await ask(guarded, "/tasks")).status).toBe(401);
    expect((await ask(guarded, "/tasks", { authorization: "Bearer nope" })).status).toBe(401);
    expect((await ask(guarded, "/tasks", { authorization: "Bearer t0ken" })).status).toBe(200);
    expect((await ask(guarded, "/healthz")).status).not.toBe(401);
    const visit = await ask(guarded, "/tasks?q=x&token=t0ken");
    expect(visit.status).toBe(303);
    expect(visit.headers.get("location")).toBe("/tasks?q=x");
    const cookie = visit.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await ask(guarded, "/tasks", { cookie: `${TOKEN_COOKIE}=t0ken` })).status).toBe(200);
    expect((await ask(guarded, "/tasks", { cookie: `${TOKEN_COOKIE}=wrong` })).status).toBe(401);
  });
});
