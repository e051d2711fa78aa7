/**
 * The dense-embedding seam: texts in, one vector per text out, in order. The store depends on
 * this, not on a vendor; each provider factory builds one on its official SDK.
 */
export interface Embedder {
  /** "openai", "google", "ollama", or a custom implementation's name. */
  readonly provider: string;
  readonly model: string;
  /** Length of every vector `embed` returns; the size of the collections' `dense` vector. */
  readonly dimensions: number;
  /**
   * One vector per text, in the order given. Splits into provider-sized requests itself;
   * fails with a ProviderError (from @flotilla/models) naming the provider, model and the
   * variable to fix, never a key.
   */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** What every embedder factory takes. */
export interface EmbedderSettings {
  /** The provider's default embedding model when omitted. */
  model?: string;
  apiKey?: string;
  /** The SDK's default (the provider's public API) when omitted. */
  baseURL?: string;
  /**
   * Vector size. Sent to the provider when set (OpenAI `dimensions`, Gemini
   * `outputDimensionality`); when omitted, the model's known size, or one probe request.
   */
  dimensions?: number;
  /** Name of the variable holding the key, for error messages ("check OPENAI_API_KEY"). Never the value. */
  keyVariable?: string;
  /** Most texts per provider request (OpenAI 256, Gemini 100, Ollama 64 when omitted). */
  batchSize?: number;
  /** SDK retries of a failed request (429, 5xx, connection); 1 when omitted. */
  maxRetries?: number;
  /** Per-request timeout; 30 s when omitted. */
  timeoutMs?: number;
  /** Injectable fetch, for tests and instrumentation. */
  fetch?: typeof fetch;
}
