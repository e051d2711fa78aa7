import { randomUUID } from "node:crypto";
import { clipText, envelope, MAX, subjects, TeamName } from "@flotilla/contracts";
import { messageWithCause, sleep } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { currentTraceId } from "@flotilla/tracing";
import type { Bus } from "./types.ts";

/** SPEC §10: a dependency outage is retried 5 × 5 s, then waited out, probing every 30 s. */
export const PARK: Readonly<ParkTiming> = { retries: 5, retryMs: 5_000, waitMs: 30_000, escalateAfterMs: 3_600_000 };

export interface ParkTiming {
  retries: number;
  retryMs: number;
  waitMs: number;
  escalateAfterMs: number;
}

/**
 * The dependency an error says is down — Qdrant, NATS, a model provider whose circuit is open —
 * or undefined for any other failure. Read from the error's name along its cause chain, since
 * the errors are other packages' classes.
 */
export function outageOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object") return undefined;
    const name = Reflect.get(e, "name");
    const retryable = Reflect.get(e, "isRetryable") !== false;
    if (name === "BreakerOpenError") return "a model provider (circuit open)";
    if (name === "KnowledgeError" && retryable) return "Qdrant";
    if (name === "BusError" && retryable) return "NATS";
    if (name === "ConnectionError" || /ECONNREFUSED|ECONNRESET|EHOSTUNREACH/.test(String(Reflect.get(e, "code"))))
      return "a service it connects to";
  }
  return undefined;
}

export interface ParkContext {
  team: string;
  instanceId: string;
  log: Logger;
  publish: Bus["publish"];
  /** True once the consumer stops: a parked handler gives its message back instead of waiting on. */
  stopped(): boolean;
  /** Overrides for tests. */
  timing?: Partial<ParkTiming>;
}

/** The task a message is about: its workflow's, or its own `task_id`. */
export const taskIdOf = (message: unknown): string | undefined => {
  const m = message as { task_id?: unknown; workflow?: { task_id?: unknown } } | null;
  const id = m?.workflow?.task_id ?? m?.task_id;
  return typeof id === "string" ? id : undefined;
};

/**
 * Runs the handler; when it fails because a dependency is down, the step is parked instead of
 * failed: retried in place (the message kept in flight by its keep-alive, so no delivery is
 * used up), 5 times 5 s apart, then every 30 s until the dependency answers again. The team
 * says so on `team.<team>.status` (and `team.<team>.blocked` for the task), and a step parked
 * over an hour raises `escalation.human.required`. Any other failure is thrown as before.
 */
export async function runParked<M>(p: ParkContext, message: M, handler: () => Promise<void>): Promise<void> {
  const timing = { ...PARK, ...p.timing };
  let parkedSince: number | undefined;
  let escalated = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await handler();
      if (parkedSince !== undefined)
        await say(p, "resumed", `resumed after ${Math.round((Date.now() - parkedSince) / 1000)} s`);
      return;
    } catch (err) {
      const dependency = outageOf(err);
      if (!dependency || p.stopped()) throw err;
      const taskId = taskIdOf(message);
      if (parkedSince === undefined) {
        parkedSince = Date.now();
        const reason = `${dependency} is unavailable: ${messageWithCause(err)}`;
        p.log.warn(
          { task_id: taskId, dependency, err: messageWithCause(err) },
          "step parked until its dependency is back",
        );
        await say(p, "blocked", reason, taskId);
      }
      const since = parkedSince;
      if (!escalated && Date.now() - since > timing.escalateAfterMs) {
        escalated = true;
        await best(p, () =>
          p.publish("escalation.human.required", {
            ...envelope({
              sender: { team: p.team, agent: "runtime", instance_id: p.instanceId },
              trace_id: currentTraceId(),
            }),
            task_id: taskId,
            team: TeamName.parse(p.team),
            reason: clipText(
              `a step has been parked for over an hour: ${dependency} is unavailable (${messageWithCause(err)})`,
              MAX.text,
            ),
            since: new Date(since).toISOString(),
          }),
        );
      }
      await sleep(attempt <= timing.retries ? timing.retryMs : timing.waitMs);
      if (p.stopped()) throw err;
    }
  }
}

/** The team's status on `team.<team>.status` (and `.blocked` for a task); best effort, as the dependency may be NATS. */
async function say(p: ParkContext, status: "blocked" | "resumed", text: string, taskId?: string): Promise<void> {
  const detail = clipText(text, MAX.text); // an error's whole cause chain may be longer than a message holds
  const sender = { team: p.team, agent: "runtime", instance_id: p.instanceId };
  const trace_id = currentTraceId(); // said while the parked message is handled: in its trace
  await best(p, () =>
    p.publish(subjects.status(p.team), {
      ...envelope({ sender, trace_id }),
      team: TeamName.parse(p.team),
      instance_id: p.instanceId,
      status,
      detail,
    }),
  );
  if (status === "blocked" && taskId)
    await best(p, () =>
      p.publish(subjects.blocked(p.team), {
        ...envelope({ sender, message_id: randomUUID(), trace_id }),
        team: TeamName.parse(p.team),
        task_id: taskId,
        reason: detail,
      }),
    );
}

async function best(p: ParkContext, publish: () => Promise<unknown>): Promise<void> {
  await publish().catch((err: unknown) => p.log.debug({ err: messageWithCause(err) }, "status not published"));
}
