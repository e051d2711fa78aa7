/**
 * What the provider adapters cost on top of the HTTP call itself. Each provider's official-SDK
 * adapter is timed against a local fake server that answers at once, beside a bare `fetch` of
 * the same request body, so the figures are the client-side overhead (SDK, structured output,
 * resilience) and nothing else. Prints figures, asserts nothing.
 *
 *   flotilla bench --adapters   (or: node --import tsx scripts/bench-adapters.ts [calls] [warm-up])
 */
import { CodeBundle } from "@flotilla/contracts";
import {
  BreakerRegistry,
  createAdapter,
  createResilientModel,
  generateStructured,
  jsonSchemaOf,
  Limiter,
  PROVIDERS,
  type AdapterRequest,
  type ConfiguredProvider,
  type ProviderAdapter,
  type ProviderId,
} from "@flotilla/models";
import { answer, simulatedOutput, startFakeAnthropic, startFakeOpenAI } from "@flotilla/models/testing";

export interface VariantFigures {
  variant: string;
  p50Ms: number;
  p99Ms: number;
}
export interface ProviderFigures {
  provider: ProviderId;
  path: string;
  variants: VariantFigures[];
}
export interface BenchAdaptersOptions {
  calls?: number;
  warmup?: number;
  print?: (line: string) => void;
}

const SYSTEM = "You are the lead developer (agent openai_coder) of the development team. Answer with JSON only.";
const PROMPT = "Add a capitalize helper with tests.";
/** A realistic answer (a CodeBundle), so parsing and validation cost what they cost in a task. */
const ANSWER = simulatedOutput("CodeBundle", {
  team: "development",
  agent: "openai_coder",
  role: "lead developer",
  kind: "draft",
  step: "implement_code",
  taskText: PROMPT,
  attempt: 1,
  round: 1,
});
const FORWARDED_HEADERS = ["content-type", "authorization", "x-api-key", "anthropic-version"];

type Call = () => Promise<unknown>;
interface Recorded {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs the variants in turn, call by call, so drift (GC, CPU frequency) hits them all alike. */
async function measure(variants: Array<[string, Call]>, calls: number, warmup: number): Promise<VariantFigures[]> {
  const times = variants.map(() => [] as number[]);
  for (let i = 0; i < warmup + calls; i++) {
    for (const [v, [, call]] of variants.entries()) {
      const t0 = performance.now();
      await call();
      if (i >= warmup) times[v]!.push(performance.now() - t0);
    }
  }
  return variants.map(([variant], v) => {
    const sorted = times[v]!.sort((a, b) => a - b);
    return { variant, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
  });
}

/** The four variants for one adapter: bare fetch of the body the adapter sent, complete(), generateStructured, the chain. */
function variantsFor(adapter: ProviderAdapter, url: string, sent: Recorded): Array<[string, Call]> {
  const headers = Object.fromEntries(
    FORWARDED_HEADERS.flatMap((h) => {
      const value = sent.headers[h];
      return typeof value === "string" ? [[h, value]] : [];
    }),
  );
  const body = JSON.stringify(sent.body);
  const request = (): AdapterRequest => ({
    system: SYSTEM,
    messages: [{ role: "user", content: PROMPT }],
    jsonSchema: jsonSchemaOf(CodeBundle),
    schemaName: "CodeBundle",
    signal: AbortSignal.timeout(10_000),
  });
  const chain = createResilientModel({
    links: [{ adapter }],
    breakers: new BreakerRegistry(),
    limiter: new Limiter(),
    timeoutMs: 10_000,
  });
  const structured = () => ({ system: SYSTEM, prompt: PROMPT, schema: CodeBundle, schemaName: "CodeBundle" });
  return [
    [
      "bare fetch + JSON.parse",
      async () => {
        const res = await fetch(`${url}${sent.path}`, { method: "POST", headers, body });
        if (!res.ok) throw new Error(`bare fetch: HTTP ${res.status}`);
        return res.json();
      },
    ],
    ["adapter.complete()", () => adapter.complete(request())],
    [
      "generateStructured (parse+validate)",
      () => generateStructured(adapter, { ...structured(), signal: AbortSignal.timeout(10_000) }),
    ],
    [
      "resilient chain (breaker, limiter, retry)",
      () =>
        chain.generate({
          ...structured(),
          context: {
            team: "development",
            agent: "openai_coder",
            role: "lead developer",
            kind: "draft",
            step: "implement_code",
            taskText: PROMPT,
          },
        }),
    ],
  ];
}

async function benchOne(
  provider: ProviderId,
  url: string,
  baseURL: string,
  requests: Recorded[],
  calls: number,
  warmup: number,
): Promise<ProviderFigures> {
  const spec = PROVIDERS[provider];
  const configured: ConfiguredProvider = {
    spec,
    keys: ["bench-not-a-key"],
    keyVariables: [spec.keyVariable!],
    baseURL,
  };
  const adapter = createAdapter(configured, spec.defaultModel);
  // One real call first: the bare fetch replays exactly the body (and headers) the adapter sent.
  await generateStructured(adapter, {
    system: SYSTEM,
    prompt: PROMPT,
    schema: CodeBundle,
    schemaName: "CodeBundle",
    signal: AbortSignal.timeout(10_000),
  });
  const sent = requests.at(-1)!;
  requests.length = 0;
  return { provider, path: sent.path, variants: await measure(variantsFor(adapter, url, sent), calls, warmup) };
}

export function renderFigures(all: ProviderFigures[], calls: number, warmup: number): string[] {
  const runs = `${calls} sequential calls per variant after ${warmup} warm-up, interleaved`;
  const lines = [
    `Adapter overhead against local fake servers that answer at once (${runs}; answer: a ${JSON.stringify(ANSWER).length}-byte CodeBundle)`,
  ];
  for (const p of all) {
    const bare = p.variants[0]!;
    lines.push(
      `${p.provider} (POST ${p.path})`.padEnd(46) +
        "p50 ms".padStart(9) +
        "p99 ms".padStart(9) +
        "  ratio to bare p50 / p99",
    );
    for (const v of p.variants) {
      lines.push(
        `  ${v.variant}`.padEnd(46) +
          v.p50Ms.toFixed(3).padStart(9) +
          v.p99Ms.toFixed(3).padStart(9) +
          `  ${(v.p50Ms / bare.p50Ms).toFixed(2)} / ${(v.p99Ms / bare.p99Ms).toFixed(2)}`,
      );
    }
  }
  return lines;
}

/** Starts the fake OpenAI and Anthropic servers, times every variant, prints the table, stops the servers. */
export async function benchAdapters(opts: BenchAdaptersOptions = {}): Promise<ProviderFigures[]> {
  const { calls = 300, warmup = 20, print = (line: string) => process.stdout.write(`${line}\n`) } = opts;
  const openai = await startFakeOpenAI();
  const anthropic = await startFakeAnthropic();
  try {
    const content = JSON.stringify(ANSWER);
    openai.fallback(answer(content));
    anthropic.fallback(() => ({ answer: ANSWER }));
    const figures = [
      await benchOne("openai", openai.url, `${openai.url}/v1`, openai.requests, calls, warmup),
      await benchOne("anthropic", anthropic.url, anthropic.url, anthropic.requests, calls, warmup),
    ];
    for (const line of renderFigures(figures, calls, warmup)) print(line);
    return figures;
  } finally {
    await Promise.all([openai.close(), anthropic.close()]);
  }
}
