import { FlotillaError } from "@flotilla/errors";
import type { ModelBinding } from "../types.ts";
import { isProviderId, PROVIDER_IDS } from "./providers.ts";

/** A model roster variable that cannot be used; `variable` names the one to fix. Not retryable. */
export class RosterError extends FlotillaError {
  override readonly name = "RosterError";
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message, { context: { variable } });
  }
}

const varName = (...parts: string[]) => parts.map((p) => p.toUpperCase().replace(/[^A-Z0-9]/g, "_")).join("_");

function parseRef(variable: string, text: string): { provider: string; model: string } {
  const i = text.indexOf("/");
  const provider = i > 0 ? text.slice(0, i).trim() : "";
  const model = i > 0 ? text.slice(i + 1).trim() : "";
  if (!isProviderId(provider) || !model) {
    throw new RosterError(
      variable,
      `${variable}="${text}": expected provider/model with provider one of ${PROVIDER_IDS.join(", ")}`,
    );
  }
  return { provider, model };
}

/** Variables that override a team's roster and an agent's model (documented in .bashrc.d.agents.example). */
export const rosterVariables = {
  agents: (team: string) => varName("FLOTILLA", team, "AGENTS"),
  model: (team: string, agent: string) => varName("FLOTILLA", team, agent, "MODEL"),
  fallbacks: (team: string, agent: string) => varName("FLOTILLA", team, agent, "FALLBACKS"),
  candidates: (team: string, agent: string) => varName("FLOTILLA", team, agent, "CANDIDATES"),
};

const refList = (variable: string, text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((t) => parseRef(variable, t));

/**
 * Applies the environment to a team's declared roster: FLOTILLA_<TEAM>_AGENTS picks and orders
 * agents (the first drafts), FLOTILLA_<TEAM>_<AGENT>_MODEL, _FALLBACKS and _CANDIDATES set
 * "provider/model" (lists comma-separated).
 */
export function applyRoster<A extends { name: string; model: ModelBinding }>(
  team: string,
  agents: A[],
  env: NodeJS.ProcessEnv,
): A[] {
  const pick = env[rosterVariables.agents(team)];
  let chosen = agents;
  if (pick) {
    const names = pick
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    chosen = names.map((n) => {
      const a = agents.find((x) => x.name === n);
      if (!a)
        throw new RosterError(
          rosterVariables.agents(team),
          `${rosterVariables.agents(team)}: no agent "${n}" in ${team} (known: ${agents.map((x) => x.name).join(", ")})`,
        );
      return a;
    });
  }
  return chosen.map((a) => {
    const mv = rosterVariables.model(team, a.name);
    const fv = rosterVariables.fallbacks(team, a.name);
    const main = env[mv] ? parseRef(mv, env[mv]!) : { provider: a.model.provider, model: a.model.model };
    const cv = rosterVariables.candidates(team, a.name);
    const fallbacks = env[fv] !== undefined ? refList(fv, env[fv]!) : (a.model.fallbacks ?? []);
    const candidates = env[cv] ? refList(cv, env[cv]!) : a.model.candidates;
    return { ...a, model: { ...main, fallbacks, ...(candidates?.length ? { candidates } : {}) } };
  });
}
