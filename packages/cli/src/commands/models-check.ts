import { loadConfig, secretValues } from "@flotilla/config";
import { checkTarget, checkTargets, type CheckResult } from "../models/check.ts";
import { describeProvider, parseModelRef, providerEnvironment, providerView } from "../models/environment.ts";
import { note, out } from "../say.ts";

const TIMEOUT_MS = 20_000;

/** Provider messages can quote what they were sent; no key value may reach the terminal. */
function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => (s.length >= 4 ? t.replaceAll(s, "***") : t), text);
}

function resultLine(r: CheckResult, width: number, secrets: string[]): string {
  const what = `${`${r.provider}/${r.model}`.padEnd(width)}  ${r.label.padEnd(22)}`;
  return r.ok ? `${what}  ok in ${r.ms} ms` : `${what}  failed (${r.kind}): ${scrub(r.message, secrets)}`;
}

/**
 * `flotilla models check`: one minimal structured call ({ ok: boolean }) per key of every
 * configured provider, through the same adapter and structured-output code the agents use,
 * each bounded by 20 s. Exit 0 when every call answered, 1 otherwise or when nothing is configured.
 */
export async function runModelsCheck(opts: { model?: string[] }): Promise<number> {
  const env = process.env;
  const models = (opts.model ?? []).map(parseModelRef);
  // Auto mode whatever FLOTILLA_PROVIDER says: the check is about the providers, so a detected Ollama is checked too.
  const penv = await providerEnvironment(env, "auto");
  if (loadConfig(env).FLOTILLA_PROVIDER === "simulated")
    note("FLOTILLA_PROVIDER=simulated: the fleet will not call these providers until it is unset");
  const targets = checkTargets(penv.providers, models);
  if (targets.length === 0) {
    out("no provider configured (no API key, no local server): nothing to check — the fleet runs SIMULATED");
    return 1;
  }
  if (penv.providers.size)
    out(`checking ${[...penv.providers.values()].map((c) => describeProvider(providerView(c))).join(", ")}`);
  note(`${targets.length} call${targets.length === 1 ? "" : "s"}, ${TIMEOUT_MS / 1000} s limit each`);
  const results = await Promise.all(targets.map((t) => checkTarget(t, TIMEOUT_MS)));
  const width = Math.max(...results.map((r) => r.provider.length + r.model.length + 1));
  const secrets = secretValues(env);
  for (const r of results) out(resultLine(r, width, secrets));
  const failed = results.filter((r) => !r.ok).length;
  out(failed ? `${failed} of ${results.length} failed` : `all ${results.length} answered`);
  return failed ? 1 : 0;
}
