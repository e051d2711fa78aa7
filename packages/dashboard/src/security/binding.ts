import { isLoopbackHost } from "@flotilla/infra";
import { DashboardError } from "../errors.ts";

/** Where the dashboard listens and what guards it (FLOTILLA_DASHBOARD_HOST / _PORT / _TOKEN). */
export interface Binding {
  host: string;
  port: number;
  /** Empty: no token, which only a loopback address allows. */
  token: string;
}

/**
 * Refuses a binding that would expose the fleet's work unguarded: any address but loopback
 * needs a token. Thrown before anything connects, so the message is the first thing said.
 *
 * @example
 * checkBinding({ host: "0.0.0.0", port: 4280, token: "" }); // throws: set FLOTILLA_DASHBOARD_TOKEN
 */
export function checkBinding(binding: Binding): Binding {
  if (isLoopbackHost(binding.host) || binding.token !== "") return binding;
  throw new DashboardError(
    `FLOTILLA_DASHBOARD_HOST=${binding.host} is not a loopback address, and FLOTILLA_DASHBOARD_TOKEN is empty: ` +
      "the dashboard shows every task's work, so it refuses to listen there unguarded. Set FLOTILLA_DASHBOARD_TOKEN " +
      "to a long random secret (requests must then carry it), or leave FLOTILLA_DASHBOARD_HOST at 127.0.0.1",
    { context: { variable: "FLOTILLA_DASHBOARD_TOKEN", host: binding.host } },
  );
}
