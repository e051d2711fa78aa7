import { nameOf } from "./figures.ts";
import type { Candidate } from "./select.ts";

/** One voter's model choice for a step; index 0 is the author. */
export interface AgentChoice {
  agent: string;
  candidates: readonly Candidate[];
  chosen: Candidate;
  reason: string;
}

const SECOND_PROVIDER = "; diversity: the vote needs a second provider";
const otherModel = (provider: string) => `; diversity: a different model of ${provider}`;

/**
 * Makes a vote mean something: ballots from one provider tend to agree with each other.
 * When the candidates span two or more providers but every voter chose the same one, voters
 * (from the last; never the author at index 0) switch to their first candidate on another
 * provider until a second provider votes. When all candidates share one provider, voters that
 * repeat a model already chosen take their first candidate model not yet used. Returns a new
 * array in the same order; the input is not changed.
 *
 * @example
 * diversify([author, reviewer]) // reviewer moved from openai/x to its anthropic candidate
 */
export function diversify(choices: readonly AgentChoice[]): AgentChoice[] {
  const out = choices.map((c) => ({ ...c }));
  const providers = new Set(choices.flatMap((c) => c.candidates.map((m) => m.provider)));
  if (providers.size >= 2) return secondProvider(out);
  if (providers.size === 1) return spreadModels(out);
  return out;
}

function secondProvider(out: AgentChoice[]): AgentChoice[] {
  const voting = new Set(out.map((c) => c.chosen.provider));
  const [shared] = voting;
  if (voting.size !== 1 || shared === undefined) return out;
  for (let i = out.length - 1; i >= 1; i--) {
    const voter = out[i]!;
    const other = voter.candidates.find((m) => m.provider !== shared);
    if (!other) continue;
    out[i] = { ...voter, chosen: other, reason: voter.reason + SECOND_PROVIDER };
    break;
  }
  return out;
}

function spreadModels(out: AgentChoice[]): AgentChoice[] {
  // The first voter on each model keeps it; only repeats move (from the last), so the author never does.
  const used = new Set<string>();
  const repeats: number[] = [];
  out.forEach((c, i) => {
    const name = nameOf(c.chosen);
    if (used.has(name)) repeats.push(i);
    else used.add(name);
  });
  for (const i of repeats.reverse()) {
    const voter = out[i]!;
    const fresh = voter.candidates.find((m) => !used.has(nameOf(m)));
    if (!fresh) continue;
    used.add(nameOf(fresh));
    out[i] = { ...voter, chosen: fresh, reason: voter.reason + otherModel(fresh.provider) };
  }
  return out;
}
