import type { MessageOf, Producer, TaskProgress, WorkSubject } from "@flotilla/contracts";
import type { z } from "zod";
import { producerOf } from "./agents.ts";
import type { CheckResult, CheckSpec, TeamContext } from "./types.ts";
import type { Worktree } from "./worktree.ts";
import { timedWork } from "./profile/io-profile.ts";

interface Candidate<Out> {
  candidate: Out;
  producer: Producer;
}

interface AuthorCall {
  /** The work request, as the author first answered it. */
  prompt: string;
  call: { step: string; taskId: string; taskText: string; round: number; packet?: string };
  schema: { name: string; schema: z.ZodType<unknown> };
}

export interface CheckedCandidates<Out> {
  /** The candidate's run (run once per candidate; ballots of later attempts reuse it). */
  of(candidate: Out): Promise<CheckResult>;
  /** Sends a failing candidate back to its author with the run's output, up to `fixRounds` times. */
  fixUntilPassing(first: Candidate<Out>, author: AuthorCall): Promise<Candidate<Out>>;
  /** Leaves the clone holding `candidate` (re-applied when another was run since), with its run. */
  ensureApplied(candidate: Out): Promise<CheckResult>;
  /** The failed runs the author was sent back with, in order (what its lessons and scores count). */
  readonly fixes: Array<{ failure: string }>;
}

/**
 * Runs candidates for real in the step's clone: each from the same tree (`worktree.reset`), each
 * at most once unless the clone must hold it again. The clone holds whichever ran last.
 */
export function candidateChecks<S extends WorkSubject, Out>(
  ctx: TeamContext,
  spec: CheckSpec<S, Out>,
  input: MessageOf<S>,
  worktree: Worktree,
  report: (phase: TaskProgress["phase"], detail: string) => Promise<void>,
): CheckedCandidates<Out> {
  const results = new Map<Out, CheckResult>();
  const fixes: Array<{ failure: string }> = [];
  let applied: Out | undefined;

  const run = async (candidate: Out): Promise<CheckResult> => {
    await report("checking", `${ctx.team} runs the ${spec.label} in the sandbox`);
    await worktree.reset();
    applied = candidate;
    const result = await timedWork("sandbox", () => spec.run(ctx, input, candidate, worktree));
    results.set(candidate, result);
    await report("checking", `${ctx.team} ${spec.label}: ${result.passed ? "passed" : "failed"}`);
    return result;
  };
  const of = async (candidate: Out) => results.get(candidate) ?? run(candidate);

  return {
    of,
    fixes,
    async fixUntilPassing(first, author) {
      let current = first;
      for (let fix = 1; fix <= spec.fixRounds(ctx.config); fix++) {
        const result = await of(current.candidate);
        if (result.passed) return current;
        fixes.push({ failure: result.text });
        await report("fixing", `${ctx.author.spec.name} fixes what the ${spec.label} found (fix ${fix})`);
        const res = await ctx.author.ask({
          schema: author.schema.schema as z.ZodType<Out>,
          schemaName: author.schema.name,
          prompt: [
            author.prompt,
            "Your previous candidate was run in the sandbox and failed:",
            result.text,
            "Answer with a corrected candidate (the whole of it).",
          ].join("\n\n"),
          context: { ...author.call, kind: "fix", attempt: fix + 1 },
        });
        current = { candidate: res.output, producer: producerOf(ctx.author, res) };
      }
      await of(current.candidate);
      return current;
    },
    async ensureApplied(candidate) {
      const known = results.get(candidate);
      return known && applied === candidate ? known : run(candidate);
    },
  };
}
