import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isLoopbackHost } from "@flotilla/infra";
import type { Binding } from "./binding.ts";

/** The cookie `?token=` sets, so a browser need not send the header itself. */
export const TOKEN_COOKIE = "flotilla_dashboard";

const same = (given: string | undefined, token: string) => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const bearer = (header: string | undefined) => /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim();

const hostname = (host: string | undefined) => {
  try {
    return new URL(`http://${host ?? ""}`).hostname;
  } catch {
    return "";
  }
};

/**
 * Who may ask. With a token, every request carries it (`Authorization: Bearer`, or the cookie a
 * visit with `?token=` sets, after which the token leaves the address bar); without one the
 * dashboard listens on loopback only, and a request naming another host is refused, so a web
 * page cannot reach it through a DNS name pointed at 127.0.0.1. `/healthz` says only "ok".
 *
 * @example
 * app.use(guard({ host: "0.0.0.0", port: 4280, token: process.env.FLOTILLA_DASHBOARD_TOKEN! }));
 */
export function guard(binding: Binding): MiddlewareHandler {
  return async function dashboardGuard(c, next) {
    if (c.req.path === "/healthz") return next();
    if (!binding.token) {
      if (!isLoopbackHost(hostname(c.req.header("host"))))
        return c.text("this dashboard answers on loopback only", 403);
      return next();
    }
    const query = c.req.query("token");
    if (same(query, binding.token)) {
      setCookie(c, TOKEN_COOKIE, binding.token, { httpOnly: true, sameSite: "Strict", path: "/" });
      const url = new URL(c.req.url);
      url.searchParams.delete("token");
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    if (same(bearer(c.req.header("authorization")), binding.token) || same(getCookie(c, TOKEN_COOKIE), binding.token))
      return next();
    c.header("WWW-Authenticate", 'Bearer realm="flotilla dashboard"');
    return c.text(
      "401: this dashboard needs its token (Authorization: Bearer <token>, or open it once with ?token=)",
      401,
    );
  };
}
