import { DURABLES, durableName, KV_BUCKETS, OBJECT_STORES, STREAMS, TEAMS, type StreamName } from "@flotilla/contracts";
import { catalogueRoles, type Principal, type RowRoles } from "./catalogue-roles.ts";
import { DASHBOARD_READS, KV_WRITERS, OBJECT_WRITERS, type Writers } from "./storage-access.ts";

/** A user's `permissions` block in the nats-server configuration: everything not allowed is denied. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/**
 * The inbox prefix our processes use when they connect as `user` (connectBus sets it): each user
 * may subscribe only to its own, so no one reads the replies (JetStream deliveries) of another.
 */
export const inboxPrefix = (user: string) => `_INBOX_${user}`;

const isTeam = (p: Principal) => p !== "client" && p !== "dashboard";
const unique = (xs: string[]) => [...new Set(xs)];

/** Reading a stream's stored messages, and consumers of one's own on it (KV `keys()`, object reads). */
const storageReads = (stream: string) => [
  `$JS.API.STREAM.INFO.${stream}`,
  `$JS.API.STREAM.MSG.GET.${stream}`,
  `$JS.API.DIRECT.GET.${stream}`,
  `$JS.API.DIRECT.GET.${stream}.>`,
  `$JS.API.CONSUMER.*.${stream}`,
  `$JS.API.CONSUMER.*.${stream}.>`,
  `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
  `$JS.FC.${stream}.>`,
];

const writes = (table: Writers, name: string, p: Principal) => (table[name] ?? []).some((t) => t === p);

function storage(p: Principal): string[] {
  if (p === "dashboard")
    return [
      ...DASHBOARD_READS.kv.flatMap((b) => storageReads(`KV_${b}`)),
      ...DASHBOARD_READS.objects.flatMap((s) => storageReads(`OBJ_${s}`)),
      ...DASHBOARD_READS.streams.flatMap(storageReads),
    ];
  if (!isTeam(p)) return [];
  const kv = KV_BUCKETS.flatMap((b) => [
    ...storageReads(`KV_${b}`),
    ...(writes(KV_WRITERS, b, p) ? [`$KV.${b}.>`] : []),
  ]);
  const objects = OBJECT_STORES.flatMap((s) => [
    ...storageReads(`OBJ_${s}`),
    // putBlob replaces an object: new chunks and meta, then a purge of the old chunks.
    ...(writes(OBJECT_WRITERS, s, p) ? [`$O.${s}.>`, `$JS.API.STREAM.PURGE.OBJ_${s}`] : []),
  ]);
  return [...kv, ...objects];
}

/** What `p` reads: one row's subject, or a whole stream's subjects when it reads every row stored there. */
function readable(p: Principal, roles: readonly RowRoles[]): { subjects: string[]; streams: StreamName[] } {
  const streams = new Set<StreamName>();
  const subjects: string[] = [];
  for (const name of Object.keys(STREAMS) as StreamName[]) {
    const rows = roles.filter((r) => r.entry.stream === name);
    const read = rows.filter((r) => r.readers.includes(p));
    if (read.length === 0) continue;
    streams.add(name);
    if (read.length === rows.length) subjects.push(...STREAMS[name].subjects);
    else subjects.push(...read.map((r) => (r.entry.prioritized ? `${r.entry.subject}.*` : r.entry.subject)));
  }
  return { subjects, streams: [...streams] };
}

/** A requester (client, leadership's submit_task) follows its task on the request's siblings: `system.task.>`. */
const followed = (p: Principal, roles: readonly RowRoles[]) =>
  roles
    .filter((r) => r.entry.message === "TaskRequest" && r.publishers.some((x) => x.principal === p))
    .map((r) => `${r.entry.subject.split(".").slice(0, -1).join(".")}.>`);

/**
 * The permissions of one user, derived from the subject catalogue (who produces and consumes
 * each subject, the durable consumers) and the storage table: publish only one's own subjects,
 * subscribe only to what one consumes, JetStream API access only to one's own consumers, to the
 * buckets and stores one reads, and writes only where the storage table says.
 *
 * @example
 * natsPermissions("qa").publish.allow.includes("qa.approved"); // true; "devops.deployed": false
 */
export function natsPermissions(p: Principal, roles: readonly RowRoles[] = catalogueRoles()): NatsPermissions {
  const durables = isTeam(p)
    ? DURABLES.filter((d) => d.team === p).map((d) => ({ stream: d.stream, durable: durableName(d.team, d.subject) }))
    : [];
  const reads = readable(p, roles);
  const published = roles.flatMap((r) =>
    r.publishers.filter((x) => x.principal === p).map((x) => (r.entry.prioritized ? `${x.subject}.*` : x.subject)),
  );
  const streamsRead = unique([...reads.streams, ...durables.map((d) => d.stream)]);
  const publish = [
    // Every connection asks once whether JetStream is there.
    "$JS.API.INFO",
    ...published,
    // Provisioning checks (as a team, it only verifies what the admin user created).
    ...(isTeam(p) ? ["$JS.API.STREAM.INFO.*", "$JS.API.CONSUMER.INFO.>"] : []),
    ...durables.flatMap(({ stream, durable }) => [
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}`,
      `$JS.API.CONSUMER.CREATE.${stream}.${durable}.>`,
      `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      `$JS.ACK.${stream}.${durable}.>`,
    ]),
    // Last message on a subject (health reports, the message behind a max-deliveries advisory).
    ...streamsRead.map((s) => `$JS.API.STREAM.MSG.GET.${s}`),
    ...storage(p),
  ];
  const subscribe = [
    `${inboxPrefix(p)}.>`,
    // Other programs with the client credentials use the default inbox.
    ...(p === "client" ? ["_INBOX.>"] : []),
    ...reads.subjects,
    ...followed(p, roles),
    ...(p === "dashboard" ? DASHBOARD_READS.subjects : []),
    ...durables.map((d) => `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${d.stream}.${d.durable}`),
  ];
  return { publish: { allow: unique(publish) }, subscribe: { allow: unique(subscribe) } };
}

/** Every user's permissions; `admin` has none listed: it may do anything. */
export function fleetPermissions(): Record<Principal, NatsPermissions> {
  const roles = catalogueRoles();
  const principals: Principal[] = [...TEAMS, "client", "dashboard"];
  return Object.fromEntries(principals.map((p) => [p, natsPermissions(p, roles)])) as Record<
    Principal,
    NatsPermissions
  >;
}
