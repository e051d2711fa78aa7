import { durableName, type MessageOf, type Subject, type WorkSubject } from "@flotilla/contracts";
import type { Consumer, HandlerSpec, StepSpec, TeamContext } from "./types.ts";
import { runTracedStep } from "./step-span.ts";

/** Declares a workflow step; its input and output types stay checked inside, the team lists it. */
export function defineStep<const S extends WorkSubject, Out>(
  spec: StepSpec<S, Out>,
): Consumer & { spec: StepSpec<S, Out> } {
  return {
    spec,
    consumes: spec.consumes,
    step: spec.step,
    subscribe: (ctx, wrap) =>
      ctx.bus.consume({
        subject: spec.consumes,
        durable: durableName(ctx.team, spec.consumes),
        concurrency: ctx.config.TEAM_CONCURRENCY,
        handler: wrap((message: MessageOf<S>) => runTracedStep(ctx, spec, message)),
      }),
  };
}

/** Declares a handler of one subject (leadership's routing), typed by what the subject carries. */
export function defineHandler<const S extends Subject>(
  consumes: S,
  handle: (ctx: TeamContext, input: MessageOf<S>) => Promise<void>,
): Consumer & HandlerSpec<S> {
  return {
    consumes,
    handle,
    subscribe: (ctx, wrap) =>
      ctx.bus.consume({
        subject: consumes,
        durable: durableName(ctx.team, consumes),
        concurrency: ctx.config.TEAM_CONCURRENCY,
        handler: wrap((message: MessageOf<S>) => handle(ctx, message)),
      }),
  };
}
