import { randomUUID } from "node:crypto";
import { clipText, envelope, MAX, subjects, TeamName } from "@flotilla/contracts";
import { messageWithCause } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { currentTraceId } from "@flotilla/tracing";
import { outageOf, taskIdOf } from "./park.ts";
import type { Bus } from "./types.ts";

interface Who {
  team: string;
  instanceId: string;
  log: Logger;
  publish: Bus["publish"];
}

/** The task of a message as received (it may not even be JSON). */
const taskOfRaw = (raw: string): string | undefined => {
  try {
    return taskIdOf(JSON.parse(raw));
  } catch {
    return undefined;
  }
};

/** Events are best effort: the failure they report may be NATS itself. */
async function best(w: Who, what: string, publish: () => Promise<unknown>): Promise<void> {
  await publish().catch((err: unknown) => w.log.debug({ err: messageWithCause(err) }, `${what} not published`));
}

/** `team.<team>.error`: a handler failed (it will be retried, or it was dead-lettered). */
export function reportError(
  w: Who,
  failure: { err: unknown; subject: string; raw: string; deliveryCount: number; final: boolean },
): Promise<void> {
  const team = TeamName.safeParse(w.team);
  if (!team.success) return Promise.resolve(); // a CLI or test bus is not a team
  const dependency = outageOf(failure.err);
  return best(w, "team error", () =>
    w.publish(subjects.error(w.team), {
      // Reported while the failed message is handled: in its task's trace.
      ...envelope({
        sender: { team: w.team, agent: "runtime", instance_id: w.instanceId },
        trace_id: currentTraceId(),
      }),
      error_id: randomUUID(),
      task_id: taskOfRaw(failure.raw),
      error: {
        type: dependency ? "dependency" : failure.final ? "permanent" : "transient",
        severity: failure.final ? "high" : "medium",
        message: clipText(messageWithCause(failure.err), MAX.text),
        retry_possible: !failure.final,
        retry_count: failure.deliveryCount,
      },
      context: { team: w.team, subject: clipText(failure.subject, MAX.line) },
    }),
  );
}

/**
 * `escalation.human.required` for a message about a task that a team could not process: the
 * task sits in the DLQ until a person replays or purges it. Invalid input is not escalated (it
 * is the sender's, and the DLQ entry says why).
 */
export function escalateDeadLetter(w: Who, dead: { subject: string; raw: string; reason: string }): Promise<void> {
  const team = TeamName.safeParse(w.team);
  const taskId = taskOfRaw(dead.raw);
  if (!team.success || !taskId) return Promise.resolve();
  return best(w, "escalation", () =>
    w.publish("escalation.human.required", {
      // Reported while the failed message is handled: in its task's trace.
      ...envelope({
        sender: { team: w.team, agent: "runtime", instance_id: w.instanceId },
        trace_id: currentTraceId(),
      }),
      task_id: taskId,
      team: team.data,
      reason: clipText(
        `a message of task ${taskId} sits in the DLQ (dlq.${w.team}.handler_failed, from ${dead.subject}): ` +
          `${dead.reason}. Fix the cause, then scripts/flotilla dlq replay, or purge it`,
        MAX.text,
      ),
      since: new Date().toISOString(),
    }),
  );
}
