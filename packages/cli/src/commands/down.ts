import { stopPid, isAlive } from "@flotilla/infra";
import { SERVERS } from "../paths.ts";
import { readPids, removePid, runsProgram, type Recorded } from "../pidfiles.ts";
import { out } from "../say.ts";

const isServer = (r: Recorded) => (SERVERS as readonly string[]).includes(r.name);

/** `flotilla down`: stops every process `up`/`mcp` recorded — teams first, since they use the servers. */
export async function runDown(): Promise<number> {
  const recorded = readPids();
  if (recorded.length === 0) {
    out("nothing recorded in .flotilla/run; nothing to stop");
    return 0;
  }
  await Promise.all(recorded.filter((r) => !isServer(r)).map(stopOne));
  await Promise.all(recorded.filter(isServer).map(stopOne));
  return 0;
}

async function stopOne(r: Recorded): Promise<void> {
  if (!isAlive(r.pid)) out(`${r.name} (pid ${r.pid}) was not running`);
  else if (!runsProgram(r.pid, r.name)) out(`${r.name}: pid ${r.pid} now belongs to another program; left alone`);
  else {
    await stopPid(r.pid);
    out(`stopped ${r.name} (pid ${r.pid})`);
  }
  removePid(r.name);
}
