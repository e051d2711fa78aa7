/**
 * The seam between the resilient model chain and one provider's wire protocol. An adapter makes
 * exactly one request through the provider's official SDK (with the SDK's own retries and
 * timeouts turned off: the chain owns those) and maps every failure to a ProviderError.
 */
export type ProviderId =
  "openai" | "anthropic" | "google" | "groq" | "cerebras" | "qwen" | "openrouter" | "ollama" | "vllm" | "lmstudio";

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface AdapterRequest {
  system: string;
  /** The conversation: the work prompt, then (on a re-ask) the invalid answer and the validation error. */
  messages: ChatMessage[];
  /** JSON Schema of the expected answer, sent through the provider's native structured output. */
  jsonSchema: Record<string, unknown>;
  /** A name for the schema (letters, digits, _), e.g. "CodeBundle". */
  schemaName: string;
  /** Aborted on timeout or cancellation; adapters pass it to the SDK. */
  signal: AbortSignal;
  maxOutputTokens?: number;
}

export interface AdapterResponse {
  /** The answer as text (JSON expected); the chain parses and validates it. */
  text: string;
  usage: { inputTokens: number; outputTokens: number };
}

export interface ProviderAdapter {
  readonly provider: ProviderId;
  readonly model: string;
  complete(request: AdapterRequest): Promise<AdapterResponse>;
  /** Resolves once the adapter can send (its SDK imported: providers/lazy.ts); `complete` waits for it too. */
  ready?(): Promise<void>;
}

/** What every adapter factory takes. */
export interface AdapterSettings {
  model: string;
  /** Missing for keyless local servers (Ollama, vLLM, LM Studio). */
  apiKey?: string;
  baseURL?: string;
  /** Name of the variable holding the key, for error messages ("set OPENAI_API_KEY"). Never the value. */
  keyVariable?: string;
  /** Injectable fetch, for tests and instrumentation. */
  fetch?: typeof fetch;
}
