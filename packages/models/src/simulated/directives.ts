/**
 * The simulated model can disagree on purpose, so votes and ratings can be tested. Directives
 * ride in the task text, e.g. "[sim:development:reject=1]":
 *   [sim:<team>:reject=N]    the team's reviewers reject the candidate on attempts 1..N
 *   [sim:<team>:rate-low=N]  the team rates the work it receives below threshold in rounds 1..N
 *   [sim:qa:bugs=N]          QA's tests find bugs in rounds 1..N
 *   [sim:seed=S]             varies vote confidences and rating scores
 */
export interface Directives {
  reject: Record<string, number>;
  rateLow: Record<string, number>;
  bugs: number;
  seed: string;
}

const RE = /\[sim:([a-z]+)(?::([a-z-]+))?=([\w.-]+)\]/g;

export function parseDirectives(text: string): Directives {
  const d: Directives = { reject: {}, rateLow: {}, bugs: 0, seed: "" };
  for (const m of text.matchAll(RE)) {
    const [, a = "", b, value = ""] = m;
    if (a === "seed" && !b) d.seed = value;
    else if (b === "reject") d.reject[a] = Number(value) || 0;
    else if (b === "rate-low") d.rateLow[a] = Number(value) || 0;
    else if (a === "qa" && b === "bugs") d.bugs = Number(value) || 0;
  }
  return d;
}
