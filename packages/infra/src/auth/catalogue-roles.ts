import { SUBJECTS, TEAMS, type SubjectEntry, type TeamName } from "@flotilla/contracts";

/**
 * Who a NATS permission is for: a team, `client` (people and the programs they write), or
 * `dashboard` (the read-only web dashboard: it publishes nothing).
 */
export type Principal = TeamName | "client" | "dashboard";

/** One catalogue row read as permissions: who may publish which subject, who may read it. */
export interface RowRoles {
  entry: SubjectEntry;
  /** A subject per publisher: a row every team produces gives each its own name in the first `*`. */
  publishers: Array<{ principal: Principal; subject: string }>;
  readers: Principal[];
}

const isTeam = (word: string): word is TeamName => TEAMS.some((t) => t === word);

/**
 * Words of the catalogue's producer and consumer columns that name no team, and who they stand
 * for. People act through the CLI or their own programs, with the `client` credentials;
 * "the requester" is whoever may publish a task request.
 */
const PHRASES: ReadonlyArray<{ match: RegExp; who: "every team" | "client" | "requesters" | "dashboards" }> = [
  { match: /^every team\b/, who: "every team" },
  { match: /^dependants\b/, who: "every team" },
  { match: /^any NATS client\b/, who: "client" },
  // People may watch what dashboards watch; the dashboard user reads it too.
  { match: /^dashboards\b/, who: "dashboards" },
  { match: /^(a person|people|flotilla |CLI\b|MCP clients|observers)/, who: "client" },
  { match: /^the requester\b/, who: "requesters" },
];

/** The parts of a producer or consumer text: `leadership (plan step); people` → ["leadership", "people"]. */
const parts = (text: string) =>
  text
    .replace(/\([^)]*\)/g, "")
    .split(/[;,:]/)
    .map((p) => p.trim())
    .filter(Boolean);

type Who = TeamName | "every team" | "client" | "requesters" | "dashboards";

function whoIs(part: string, column: string, entry: SubjectEntry): Who {
  const first = part.split(/\s+/)[0] ?? "";
  if (isTeam(first)) return first;
  const phrase = PHRASES.find((p) => p.match.test(part));
  if (phrase) return phrase.who;
  throw new Error(
    `NATS permissions: cannot tell who "${part}" is (${column} of ${entry.subject} in the subject catalogue); ` +
      `start it with a team name, "every team", "any NATS client", "a person", "people" or "the requester"`,
  );
}

/** `team.*.health` published by `qa` is `team.qa.health`: the first `*` is the publisher's team. */
const own = (subject: string, team: string) => subject.replace("*", team);

/** Every catalogue row with its publishers and readers, derived from its producer and consumer texts. */
export function catalogueRoles(rows: readonly SubjectEntry[] = SUBJECTS): RowRoles[] {
  const producers = rows.map((entry) => ({
    entry,
    who: parts(entry.producer).map((p) => whoIs(p, "producer", entry)),
  }));
  const requesters = [
    ...new Set(
      producers
        .filter(({ entry }) => entry.message === "TaskRequest")
        .flatMap(({ who }) =>
          who.flatMap((w): Principal[] =>
            w === "every team" ? [...TEAMS] : w === "requesters" || w === "dashboards" ? [] : [w],
          ),
        ),
    ),
  ];
  return producers.map(({ entry, who }) => {
    const publishers = who.flatMap((w) => {
      if (w === "every team")
        return TEAMS.map((team) => ({ principal: team as Principal, subject: own(entry.subject, team) }));
      const principals: Principal[] = w === "requesters" ? requesters : w === "dashboards" ? ["dashboard"] : [w];
      return principals.map((principal) => ({ principal, subject: entry.subject }));
    });
    const readers = parts(entry.consumers).flatMap((p): Principal[] => {
      const w = whoIs(p, "consumers", entry);
      if (w === "dashboards") return ["client", "dashboard"];
      return w === "every team" ? [...TEAMS] : w === "requesters" ? requesters : [w];
    });
    return { entry, publishers, readers: [...new Set(readers)] };
  });
}
