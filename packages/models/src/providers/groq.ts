import Groq from "groq-sdk";
import { stderrLogger } from "@flotilla/log";
import type { AdapterSettings, ProviderAdapter } from "../adapter.ts";
import { chatCompleter, SDK_TIMEOUT_MS, type ErrorContext } from "./sdk-fetch.ts";

/** The SDK appends `/openai/v1/chat/completions` to this. */
export const GROQ_DEFAULT_BASE_URL = "https://api.groq.com";

/**
 * Groq chat completions through the official `groq-sdk`. Its types accept
 * `response_format: { type: "json_schema", json_schema }` (Structured Outputs), so the schema
 * goes there natively, not into the prompt; models without structured outputs answer 400.
 *
 * @example
 * const llama = createGroqAdapter({ model: "llama-3.3-70b-versatile", apiKey: process.env.GROQ_API_KEY });
 */
export function createGroqAdapter(settings: AdapterSettings): ProviderAdapter {
  const { model } = settings;
  const ctx: ErrorContext = {
    provider: "groq",
    model,
    keyVariable: settings.keyVariable ?? "GROQ_API_KEY",
    baseUrlVariable: "GROQ_BASE_URL",
    apiKey: settings.apiKey,
  };
  // Only `settings` count: without a key the SDK would read GROQ_API_KEY itself.
  const client = !settings.apiKey
    ? undefined
    : new Groq({
        apiKey: settings.apiKey,
        baseURL: settings.baseURL ?? GROQ_DEFAULT_BASE_URL,
        maxRetries: 0, // the chain owns retries
        timeout: SDK_TIMEOUT_MS, // and timeouts, through request.signal
        fetch: settings.fetch,
        logger: stderrLogger,
      });

  const complete = chatCompleter(client, model, ctx, Groq.APIConnectionTimeoutError);

  return { provider: "groq", model, complete };
}
