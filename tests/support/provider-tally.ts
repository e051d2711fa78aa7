import type { FakeOpenAI } from "@flotilla/models/testing";
import { callerOf } from "./fake-providers.ts";

type Request = FakeOpenAI["requests"][number];

/** The usage a fake OpenAI answer reports unless scripted (packages/models/src/testing/openai-server.ts). */
export const DEFAULT_USAGE = { prompt_tokens: 11, completion_tokens: 7 };

/** How the server answered one request: an error, or an answer with its usage (valid or to be re-asked). */
export type Answered = { kind: "error" } | { kind: "answer"; usage: typeof DEFAULT_USAGE; valid: boolean };

export interface Counted {
  calls: number;
  input_tokens: number;
  output_tokens: number;
}

/** What the server counted, per `team/agent/provider/model` and in all, plus the errors it answered. */
export interface Tally {
  lines: Map<string, Counted>;
  totals: Counted & { errors: number };
}

export const chatRequests = (fake: FakeOpenAI): Request[] =>
  fake.requests.filter((r) => r.method === "POST" && r.path.split("?")[0]!.endsWith("/chat/completions"));

/**
 * The fake server's own count over chat requests `from` (inclusive) to `to`: tokens are the usage
 * of every answer it sent, re-asked ones included; a call is an answer that was valid (it ends the
 * call); an error is a request the client retried. `scripted` says how request `i` was answered
 * when not by the default (a valid answer with DEFAULT_USAGE).
 */
export function tally(
  requests: readonly Request[],
  from: number,
  to: number,
  scripted: ReadonlyMap<number, Answered> = new Map(),
): Tally {
  const lines = new Map<string, Counted>();
  const totals = { calls: 0, input_tokens: 0, output_tokens: 0, errors: 0 };
  for (let i = from; i < to; i++) {
    const reply = scripted.get(i) ?? { kind: "answer", usage: DEFAULT_USAGE, valid: true };
    if (reply.kind === "error") {
      totals.errors++;
      continue;
    }
    const body = requests[i]!.body as { model: string; messages: Array<{ role: string; content: string }> };
    const { team, agent } = callerOf(body.messages.find((m) => m.role === "system")?.content ?? "");
    const key = `${team}/${agent}/openai/${body.model}`;
    const line = lines.get(key) ?? { calls: 0, input_tokens: 0, output_tokens: 0 };
    for (const counted of [line, totals]) {
      counted.calls += reply.valid ? 1 : 0;
      counted.input_tokens += reply.usage.prompt_tokens;
      counted.output_tokens += reply.usage.completion_tokens;
    }
    lines.set(key, line);
  }
  return { lines, totals };
}
