export { formatTraceparent, parseTraceparent, randomSpanId, TRACEPARENT, w3cTraceId, type TraceParent } from "./w3c.ts";
export { currentTraceId, inMessageContext, traceparentFor, type MessageTrace } from "./message-context.ts";
export { annotateSpan, markFailed, withSpan } from "./spans.ts";
export { startTracing, type Tracing, type TracingOptions } from "./sdk.ts";
