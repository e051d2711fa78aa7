import type { AdapterRequest, AdapterResponse, ProviderId } from "../adapter.ts";
import { ProviderError, toProviderError } from "../errors.ts";

/**
 * Plumbing shared by the adapters built on the Stainless-generated SDKs (`openai`, `groq-sdk`):
 * client options, the chat-completions body, reading the answer, and mapping SDK errors.
 */

/**
 * The SDK's own per-request timeout. The chain times calls out through the request's signal,
 * so this is only a backstop. (Node's fetch still gives up after ~5 min without response
 * headers; the SDK reports that as a timeout, which maps to kind "timeout".)
 */
export const SDK_TIMEOUT_MS = 60 * 60 * 1000;

export interface ErrorContext {
  provider: ProviderId;
  model: string;
  keyVariable?: string;
  baseUrlVariable: string;
  /** Only to scrub it from messages; never shown. */
  apiKey?: string;
}

type Message =
  { role: "system"; content: string } | { role: "user"; content: string } | { role: "assistant"; content: string };

/** The chat-completions body both SDKs send: system prompt first, native JSON-schema output. */
export function chatCompletionBody(model: string, request: AdapterRequest) {
  const messages: Message[] = [
    { role: "system", content: request.system },
    ...request.messages.map((m): Message =>
      m.role === "user" ? { role: "user", content: m.content } : { role: "assistant", content: m.content },
    ),
  ];
  return {
    model,
    messages,
    // strict: false — strict mode only accepts a subset of JSON Schema (every property required,
    // no additionalProperties); the chain validates the answer with zod anyway.
    response_format: {
      type: "json_schema" as const,
      json_schema: { name: request.schemaName, schema: request.jsonSchema, strict: false },
    },
    ...(request.maxOutputTokens !== undefined ? { max_completion_tokens: request.maxOutputTokens } : {}),
    stream: false as const,
  };
}

interface ChatCompletionLike {
  choices: Array<{ message: { content: string | null; refusal?: string | null }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

/** The answer text and usage; an empty answer or a refusal is invalid output. */
export function readChatCompletion(completion: ChatCompletionLike, ctx: ErrorContext): AdapterResponse {
  const choice = completion.choices?.[0];
  const who = `${ctx.provider}/${ctx.model}`;
  if (choice?.message?.refusal) {
    throw new ProviderError(`${who}: the model refused: ${choice.message.refusal.slice(0, 200)}`, {
      provider: ctx.provider,
      model: ctx.model,
      kind: "invalid_output",
    });
  }
  const text = choice?.message?.content;
  if (!text || !text.trim()) {
    const why =
      choice?.finish_reason === "length" ? " (stopped at the output token limit)" : choice ? "" : " (no choices)";
    throw new ProviderError(`${who}: empty answer${why}`, {
      provider: ctx.provider,
      model: ctx.model,
      kind: "invalid_output",
    });
  }
  return {
    text,
    usage: {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
    },
  };
}

/**
 * Any failure of an SDK call → ProviderError. The caller's signal decides first: aborted with a
 * TimeoutError reason (`AbortSignal.timeout`, or `controller.abort(new DOMException(..,
 * "TimeoutError"))`) is kind "timeout" (retryable); any other abort is "aborted" (not
 * retryable: a cancellation). The SDKs' error classes carry no `name`, so their own timeout is
 * recognised by class; HTTP errors carry `status` and go through `toProviderError`.
 */
export function mapSdkError(
  err: unknown,
  ctx: ErrorContext,
  signal: AbortSignal,
  timeoutErrorClass: abstract new (...args: never[]) => Error,
): ProviderError {
  const who = `${ctx.provider}/${ctx.model}`;
  const base = { provider: ctx.provider, model: ctx.model, cause: err };
  let out: ProviderError;
  if (ProviderError.is(err)) out = err;
  else if (signal.aborted) {
    const timedOut = (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
    out = timedOut
      ? new ProviderError(`${who}: request timed out`, { ...base, kind: "timeout" })
      : new ProviderError(`${who}: request aborted`, { ...base, kind: "aborted" });
  } else if (err instanceof timeoutErrorClass) {
    out = new ProviderError(`${who}: request timed out`, { ...base, kind: "timeout" });
  } else {
    out = toProviderError(err, {
      provider: ctx.provider,
      model: ctx.model,
      keyVariable: ctx.keyVariable,
      baseUrlVariable: ctx.baseUrlVariable,
    });
  }
  if (ctx.apiKey && ctx.apiKey.length >= 4 && out.message.includes(ctx.apiKey))
    out.message = out.message.replaceAll(ctx.apiKey, "***");
  return out;
}

/** A missing key fails the call (not the factory), so the chain can fall back to the next model. */
export function missingKeyError(ctx: ErrorContext): ProviderError {
  return new ProviderError(
    `${ctx.provider}/${ctx.model}: no API key — set ${ctx.keyVariable ?? "the provider's API key"}`,
    {
      provider: ctx.provider,
      model: ctx.model,
      kind: "auth",
      variable: ctx.keyVariable,
    },
  );
}

/** The chat-completions clients (openai, groq-sdk) share this call shape. */
interface ChatClient {
  chat: {
    completions: {
      create(body: ReturnType<typeof chatCompletionBody>, options: { signal: AbortSignal }): Promise<unknown>;
    };
  };
}

/**
 * `complete()` of a chat-completions adapter: one request through the SDK client (absent when
 * no key is configured), its answer read, its failure mapped to a ProviderError.
 */
export function chatCompleter(
  client: ChatClient | undefined,
  model: string,
  ctx: ErrorContext,
  timeoutErrorClass: abstract new (...args: never[]) => Error,
) {
  return async (request: AdapterRequest): Promise<AdapterResponse> => {
    if (!client) throw missingKeyError(ctx);
    try {
      const completion = await client.chat.completions.create(chatCompletionBody(model, request), {
        signal: request.signal,
      });
      return readChatCompletion(completion as ChatCompletionLike, ctx);
    } catch (err) {
      throw mapSdkError(err, ctx, request.signal, timeoutErrorClass);
    }
  };
}
