/**
 * The simulated model can disagree on purpose, so votes and ratings can be tested. Directives
 * ride in the task text, e.g. "[sim:development:reject=1]":
 *   [sim:<team>:reject=N]    the team's reviewers reject the candidate on attempts 1..N
 *   [sim:<team>:rate-low=N]  the team rates the work it receives below threshold in rounds 1..N
 *   [sim:qa:bugs=N]          development's code has a real bug in rounds 1..N, which QA's sandboxed test catches
 *   [sim:seed=S]             varies vote confidences and rating scores
 * Leadership's plan and sign-off (rounds count per step):
 *   [sim:leadership:plan=graph4]          four packets: dev-a and dev-b independent, dev-c after both, docs-d after dev-a
 *   [sim:leadership:cycle=N]              plans of rounds 1..N have a dependency cycle
 *   [sim:leadership:unknown-team=N]       plans of rounds 1..N give a packet to an unknown team
 *   [sim:leadership:signoff-reject=N]     sign-offs of rounds 1..N reject the result, sending development-1 (or dev-a) back
 *   [sim:slow=PACKET]                     drafting that packet takes 2.5 s (to show packets overlapping)
 *   [sim:fail=PACKET]                     drafting that packet fails for good (a permanent error)
 */
export interface Directives {
  reject: Record<string, number>;
  rateLow: Record<string, number>;
  bugs: number;
  seed: string;
  plan: string;
  cycle: number;
  unknownTeam: number;
  signoffReject: number;
  slow: string[];
  fail: string[];
}

const RE = /\[sim:([a-z]+)(?::([a-z-]+))?=([\w.-]+)\]/g;

export function parseDirectives(text: string): Directives {
  const d: Directives = {
    reject: {},
    rateLow: {},
    bugs: 0,
    seed: "",
    plan: "",
    cycle: 0,
    unknownTeam: 0,
    signoffReject: 0,
    slow: [],
    fail: [],
  };
  for (const m of text.matchAll(RE)) {
    const [, a = "", b, value = ""] = m;
    if (a === "seed" && !b) d.seed = value;
    else if (b === "reject") d.reject[a] = Number(value) || 0;
    else if (b === "rate-low") d.rateLow[a] = Number(value) || 0;
    else if (a === "qa" && b === "bugs") d.bugs = Number(value) || 0;
    else if (a === "slow" && !b) d.slow.push(value);
    else if (a === "fail" && !b) d.fail.push(value);
    else if (a === "leadership" && b === "plan") d.plan = value;
    else if (a === "leadership" && b === "cycle") d.cycle = Number(value) || 0;
    else if (a === "leadership" && b === "unknown-team") d.unknownTeam = Number(value) || 0;
    else if (a === "leadership" && b === "signoff-reject") d.signoffReject = Number(value) || 0;
  }
  return d;
}
