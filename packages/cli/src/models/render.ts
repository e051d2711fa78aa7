import { describeProvider } from "./environment.ts";
import type { BreakerReport } from "./breakers.ts";
import type { FleetView, LinkAccess, LinkView } from "./fleet.ts";

const TEAM_WIDTH = 14;

/** The first line: SIMULATED and why, or the providers calls go to (key variables, never values). */
export function headerLine(view: FleetView): string {
  const providers = view.providers.map(describeProvider).join(", ");
  if (!view.simulated) return `Fleet runs on ${providers}`;
  const unused = view.providers.length ? `; configured but unused: ${providers}` : "";
  return `Fleet runs SIMULATED — ${view.reason}${unused}: every agent answers from the simulated provider`;
}

function accessText(a: LinkAccess): string {
  switch (a.kind) {
    case "key":
      return `key ✓ (${a.keyVariables.join(", ")})`;
    case "keyless-local":
      return `keyless local (${a.via})`;
    case "no-key":
      return `no key (set ${a.set})`;
    case "no-local-server":
      return `keyless local, not configured (set ${a.set})`;
  }
}

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

export function breakerText(report: BreakerReport | null, now = Date.now()): string {
  if (!report) return "closed (no change reported)";
  const recovery =
    report.state === "OPEN" && report.estimatedRecoveryMs !== undefined
      ? `, recovery expected ${Math.round(report.estimatedRecoveryMs / 1000)} s after that`
      : "";
  return `${report.breaker} ${report.state} (latest change, reported ${ago(report.reportedAt, now)}${recovery})`;
}

function linkLine(l: LinkView, i: number, width: number): string {
  const at = `${l.provider}/${l.model}`.padEnd(width);
  const breaker = l.breaker ? `  breaker ${l.breaker}` : "";
  const first = l.servesFirst ? "  ← serves first" : "";
  return `${" ".repeat(TEAM_WIDTH + 2)}${i + 1}. ${at}  ${l.source.padEnd(14)}  ${accessText(l.access)}${breaker}${first}`;
}

/** The text `flotilla models` prints. */
export function renderFleet(view: FleetView, now = Date.now()): string[] {
  const lines = [headerLine(view)];
  const width = Math.max(
    0,
    ...view.teams.flatMap((t) => t.agents.flatMap((a) => a.chain.map((l) => l.provider.length + l.model.length + 1))),
  );
  for (const t of view.teams) {
    lines.push("");
    const team = t.team.padEnd(TEAM_WIDTH);
    if (t.error) lines.push(`${team} roster error: ${t.error}`);
    for (const a of t.agents) {
      lines.push(`${team} ${a.name} (${a.role}) → ${a.model}`);
      a.chain.forEach((l, i) => lines.push(linkLine(l, i, width)));
    }
    if (t.breaker !== undefined) lines.push(`${team} breakers: ${breakerText(t.breaker, now)}`);
  }
  return lines;
}
