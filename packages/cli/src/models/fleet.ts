import { applyRoster, chainFor, PROVIDERS, type ChainEntry, type ModelBinding } from "@flotilla/models";
import type { BreakerReport } from "./breakers.ts";
import { providerView, type ProviderEnvironment, type ProviderView } from "./environment.ts";

/** How a chain link can be reached: by key, keyless local server, or not at all (and what to set). */
export type LinkAccess =
  | { kind: "key"; keyVariables: string[] }
  | { kind: "keyless-local"; via: string }
  | { kind: "no-key"; set: string }
  | { kind: "no-local-server"; set: string };

export interface LinkView extends Omit<ChainEntry, "configured"> {
  access: LinkAccess;
  /** The link a call tries first: the first reachable one whose breaker the team did not report OPEN. */
  servesFirst: boolean;
  /** Set when the team's latest breaker report is about this link. */
  breaker?: BreakerReport["state"];
}

export interface AgentView {
  name: string;
  role: string;
  model: string;
  chain: LinkView[];
}

export interface TeamView {
  team: string;
  agents: AgentView[];
  /** A roster variable that does not parse (FLOTILLA_<TEAM>_...): the team cannot start. */
  error?: string;
  /** Latest breaker change; null when none reported; absent when NATS did not answer. */
  breaker?: BreakerReport | null;
}

export interface FleetView {
  simulated: boolean;
  reason: string;
  providers: ProviderView[];
  /** Whether NATS answered (breaker reports are only shown then). */
  nats: boolean;
  teams: TeamView[];
}

interface DeclaredTeam {
  name: string;
  agents: Array<{ name: string; role: string; model: ModelBinding }>;
}

/** Every team's agents after the roster variables, each with its fallback chain and how it is reached. */
export function fleetView(
  env: NodeJS.ProcessEnv,
  penv: ProviderEnvironment,
  declared: DeclaredTeam[],
  breakers?: Map<string, BreakerReport | null>,
): FleetView {
  const configured = penv.providers;
  const teams = declared.map((t): TeamView => {
    const breaker = breakers?.get(t.name);
    const reported = breakers ? { breaker: breaker ?? null } : {};
    let agents;
    try {
      agents = applyRoster(t.name, t.agents, env);
    } catch (err) {
      return { team: t.name, agents: [], error: (err as Error).message, ...reported };
    }
    return {
      team: t.name,
      ...reported,
      agents: agents.map((a, index) => {
        const links = chainFor(a.model, configured, index).map(({ configured: isConfigured, ...link }): LinkView => {
          const c = configured.get(link.provider);
          const spec = PROVIDERS[link.provider];
          const access: LinkAccess =
            c && isConfigured
              ? spec.keyless
                ? { kind: "keyless-local", via: providerView(c).keylessVia ?? spec.baseUrlVariable }
                : { kind: "key", keyVariables: [...c.keyVariables] }
              : spec.keyless
                ? { kind: "no-local-server", set: spec.baseUrlVariable }
                : { kind: "no-key", set: spec.keyVariable ?? `${link.provider.toUpperCase()}_API_KEY` };
          const state = breaker && breaker.breaker === `${link.provider}/${link.model}` ? breaker.state : undefined;
          return { ...link, access, servesFirst: false, ...(state ? { breaker: state } : {}) };
        });
        if (!penv.simulated) {
          const first = links.find(
            (l) => l.access.kind !== "no-key" && l.access.kind !== "no-local-server" && l.breaker !== "OPEN",
          );
          if (first) first.servesFirst = true;
        }
        return { name: a.name, role: a.role, model: `${a.model.provider}/${a.model.model}`, chain: links };
      }),
    };
  });
  return {
    simulated: penv.simulated,
    reason: penv.reason,
    providers: [...configured.values()].map(providerView),
    nats: !!breakers,
    teams,
  };
}
