import { WorkflowContext, type MessageOf, type VoteOutcome, type WorkSubject } from "@flotilla/contracts";
import { withSpan } from "@flotilla/tracing";
import { runStep } from "./step-runner.ts";
import type { StepSpec, TeamContext } from "./types.ts";

/** Where a work request sits in its task, as the step's span and log line name it. */
const Place = WorkflowContext.pick({ task_id: true, packet_id: true, round: true });

/**
 * Runs one step in a span `<team> <step>` (a child of the message's `process` span, so of the
 * sender's): task, packet, round, team and step as attributes, the vote's outcome once known.
 * Its model calls are spans of their own below it (agents.ts). A line in the log says how it
 * ended (it carries the task's trace, like every line written while the message is handled).
 */
export function runTracedStep<S extends WorkSubject, Out>(
  ctx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
): Promise<void> {
  const place = Place.safeParse(Reflect.get(input, "workflow")).data;
  const attributes = {
    "flotilla.team": ctx.team,
    "flotilla.step": spec.step,
    "flotilla.task_id": place?.task_id,
    "flotilla.packet_id": place?.packet_id,
    "flotilla.round": place?.round,
  };
  return withSpan(`${ctx.team} ${spec.step}`, attributes, async (span) => {
    const started = performance.now();
    let outcome: VoteOutcome | undefined;
    const traced: StepSpec<S, Out> = {
      ...spec,
      finish: (c, message, result) => {
        outcome = result.vote.outcome;
        span.setAttribute("flotilla.vote.outcome", outcome);
        return spec.finish(c, message, result);
      },
    };
    await runStep(ctx, traced, input);
    const packet = place?.packet_id ? ` ${place.packet_id}` : "";
    ctx.logger.info(
      {
        task_id: place?.task_id,
        step: spec.step,
        packet_id: place?.packet_id,
        round: place?.round,
        vote: outcome,
        duration_ms: Math.round(performance.now() - started),
      },
      // No vote: the work it received went back, or the task had ended.
      `${ctx.team} ${spec.step}${packet} ${outcome ? `done, vote ${outcome}` : "ended without a vote"}`,
    );
  });
}
