import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { busInternals } from "@flotilla/bus/internals";
import type { Fleet } from "./fleet.ts";

const COLLECTIONS = ["team_votes", "cross_team_ratings", "quality_metrics", "cross_team_tasks"];

/** Every place a run leaves text: log files, every message of every stream, every Qdrant payload. */
export async function everythingWritten(fleet: Fleet, extraFiles: string[] = []): Promise<string[]> {
  const texts: string[] = [];
  for (const f of readdirSync(fleet.dir).filter((n) => n.endsWith(".log")))
    texts.push(readFileSync(join(fleet.dir, f), "utf8"));
  for (const f of extraFiles) texts.push(readFileSync(f, "utf8"));
  const { jsm } = busInternals(fleet.bus);
  for await (const s of jsm.streams.list()) {
    for (let seq = s.state.first_seq; seq <= s.state.last_seq && s.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(s.config.name, { seq }).catch(() => null);
      if (!m) continue;
      const headers = m.header ? [...m.header.keys()].map((k) => m.header.get(k)) : [];
      texts.push(new TextDecoder().decode(m.data), JSON.stringify(headers));
    }
  }
  for (const c of COLLECTIONS) texts.push(JSON.stringify(await fleet.knowledge.list(c, {})));
  return texts;
}
