export { connectBus } from "./connect.ts";
export { outageOf } from "./park.ts";
export { BusError, type BusErrorOptions } from "./errors.ts";
export { backoffDelay, type BackoffOptions } from "./backoff.ts";
export { followTask, type FollowTaskOptions, type TaskFollower, type TaskOutcome } from "./follow-task.ts";
export { HEADER } from "./publish.ts";
export type { BusMeter, BusOp } from "./meter.ts";
export type { DlqFilter, DlqListing, DlqDetail, DlqReplayRecord } from "./dlq-admin.ts";
export { listDlq, listDlqReplays, getDlq, purgeDlq, type DlqPurged } from "./dlq-admin-list.ts";
export { replayDlq, type DlqReplay } from "./dlq-admin-replay.ts";
export type {
  Bus,
  BusOptions,
  ConsumeSpec,
  Delivery,
  Subscription,
  Objects,
  ObjectListing,
  ObjectInfoSummary,
} from "./types.ts";
export type { PubAck } from "@nats-io/jetstream";
export type { KV } from "@nats-io/kv";
