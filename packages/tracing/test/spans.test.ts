import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import {
  annotateSpan,
  inMessageContext,
  parseTraceparent,
  traceparentFor,
  w3cTraceId,
  withSpan,
} from "../src/index.ts";

// The SDK as startTracing sets it up, with an in-memory exporter instead of OTLP.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

const TRACE = "0af7651b-16cd-43dd-8448-eb211c80319c";

describe("spans with the SDK registered", () => {
  it("hang a message's span from the sender's traceparent, and nested spans from it, in the message's trace", async () => {
    exporter.reset();
    const sender = `00-${w3cTraceId(TRACE)}-00f067aa0ba902b7-01`;
    let published = "";
    await inMessageContext(
      { traceId: TRACE, traceparent: sender, taskId: "task-1" },
      { name: "process qa.test.requested" },
      () =>
        withSpan("qa test", { "flotilla.step": "test" }, async () => {
          await withSpan("model simulated/sim", { "flotilla.agent": "qa_engineer" }, async () => {
            published = traceparentFor(TRACE); // a message published during the model call
          });
          annotateSpan({ "flotilla.vote.outcome": "accepted" });
        }),
    );
    const spans = Object.fromEntries(exporter.getFinishedSpans().map((s) => [s.name, s]));
    const [processSpan, step, model] = [
      spans["process qa.test.requested"]!,
      spans["qa test"]!,
      spans["model simulated/sim"]!,
    ];
    for (const s of [processSpan, step, model]) expect(s.spanContext().traceId).toBe(w3cTraceId(TRACE));
    expect(processSpan.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(step.parentSpanContext?.spanId).toBe(processSpan.spanContext().spanId);
    expect(model.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(step.attributes["flotilla.vote.outcome"]).toBe("accepted");
    expect(parseTraceparent(published)?.spanId).toBe(model.spanContext().spanId);
  });

  it("follow the id of record when the traceparent is of another trace, and mark a failed span", async () => {
    exporter.reset();
    const other = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const failing = inMessageContext({ traceId: TRACE, traceparent: other }, { name: "process x" }, async () => {
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(w3cTraceId(TRACE));
    expect(span?.parentSpanContext?.spanId).not.toBe("00f067aa0ba902b7");
    expect(span?.status.code).toBe(2); // SpanStatusCode.ERROR
  });
});
