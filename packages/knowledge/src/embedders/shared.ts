import { embeddingError, invalidEmbeddings, type EmbedContext } from "./errors.ts";
import type { Embedder } from "./types.ts";

/** One provider request: a batch of texts in, one vector per text out (not yet checked). */
export type EmbedRequest = (batch: string[], signal?: AbortSignal) => Promise<number[][]>;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 1;

/** Embedded once when neither the settings nor the model table give the vector size. */
export const DIMENSION_PROBE = "dimension probe";

/**
 * An Embedder over one request function: splits texts into `batchSize` requests (in turn, so a
 * rate limit is met by one request, not a burst), checks every answer's count and size, and —
 * when the size is not known beforehand — learns it from one probe request. Every failure is a
 * ProviderError.
 */
export async function buildEmbedder(
  ctx: EmbedContext,
  opts: { dimensions?: number; batchSize: number },
  request: EmbedRequest,
): Promise<Embedder> {
  async function embedBatch(
    batch: string[],
    dimensions: number | undefined,
    signal?: AbortSignal,
  ): Promise<number[][]> {
    let vectors: number[][];
    try {
      vectors = await request(batch, signal);
    } catch (err) {
      throw embeddingError(err, ctx, signal);
    }
    if (vectors.length !== batch.length)
      throw invalidEmbeddings(ctx, `asked for ${batch.length} embeddings, got ${vectors.length}`);
    const want = dimensions ?? vectors[0]?.length;
    const bad = vectors.find((v) => v.length !== want || want === 0);
    if (bad)
      throw invalidEmbeddings(
        ctx,
        `got a ${bad.length}-dimension embedding where ${want} were expected — check EMBEDDING_DIMENSIONS`,
      );
    return vectors;
  }

  const dimensions =
    opts.dimensions ??
    (await embedBatch([DIMENSION_PROBE], undefined, AbortSignal.timeout(DEFAULT_TIMEOUT_MS)))[0]!.length;
  const batchSize = Math.max(1, opts.batchSize);
  return {
    provider: ctx.provider,
    model: ctx.model,
    dimensions,
    async embed(texts, signal) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        out.push(...(await embedBatch(texts.slice(i, i + batchSize), dimensions, signal)));
      }
      return out;
    },
  };
}
