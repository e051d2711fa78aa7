import { z } from "zod";
import { Iso } from "./common.ts";
import { MAX } from "./limits.ts";

export const Sender = z.object({
  team: z.string().min(1).max(MAX.id),
  agent: z.string().min(1).max(MAX.id),
  instance_id: z.string().min(1).max(MAX.id),
});
export type Sender = z.infer<typeof Sender>;

/** Headers every message carries (SPEC §5). External publishers may omit the optional ones. */
export const envelopeShape = {
  message_version: z
    .string()
    .max(20)
    .regex(/^\d+\.\d+$/, "message_version must look like 1.0"),
  message_id: z.uuid(),
  timestamp: Iso,
  /** Chosen by the requester (at most MAX.id characters): everything of the task carries it. */
  correlation_id: z.string().min(1).max(MAX.id).optional(),
  parent_task_id: z.uuid().nullish(),
  trace_id: z.string().min(1).max(MAX.id).optional(),
  sender: Sender.default({ team: "external", agent: "client", instance_id: "external" }),
};
export const Envelope = z.object(envelopeShape);
export type Envelope = z.infer<typeof Envelope>;

/** Builds a message schema: the envelope plus the message's own fields. */
export function message<S extends z.ZodRawShape>(shape: S) {
  return z.object({ ...envelopeShape, ...shape });
}
