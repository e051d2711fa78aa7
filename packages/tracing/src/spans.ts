import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

/** Flotilla's tracer: a no-op until `startTracing` registers the SDK. */
export const tracer = () => trace.getTracer("flotilla");

/** Ends `span` after `fn`, marking it failed (with the error) when `fn` throws. */
export async function endAfter<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    markFailed(err, span);
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `fn` in a child span of the current one, ended when `fn` settles. Without the SDK the
 * span records nothing and costs next to nothing.
 *
 * @example
 * await withSpan("model openai/gpt-5", { "flotilla.agent": "tech_lead" }, async (span) => {
 *   const result = await call();
 *   span.setAttribute("flotilla.output_tokens", result.tokens);
 *   return result;
 * });
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, (span) => endAfter(span, () => fn(span)));
}

/** Adds attributes to the current span, if any (e.g. a vote's outcome once it is known). */
export function annotateSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** Marks a span (the current one by default) failed with `err`. */
export function markFailed(err: unknown, span: Span | undefined = trace.getActiveSpan()): void {
  if (!span) return;
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}
