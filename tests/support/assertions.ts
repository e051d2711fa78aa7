import { busInternals } from "@flotilla/bus/internals";
import type { Fleet } from "./fleet.ts";

/** How many points of a task a collection holds, optionally for one team. */
export async function countFor(
  fleet: Fleet,
  collection: string,
  filter: Record<string, string | number | boolean>,
): Promise<number> {
  return fleet.knowledge.count(collection, filter);
}

/** Messages a stream holds on one subject (JetStream de-duplication shows here, not on core subs). */
export async function streamCount(fleet: Fleet, stream: string, subject: string): Promise<number> {
  const info = await busInternals(fleet.bus).jsm.streams.info(stream, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}
