import { existsSync } from "node:fs";
import { relative } from "node:path";
import { teamCommand } from "../build/index.ts";
import { runForeground } from "../child.ts";
import { provisionFleet } from "../connect.ts";
import { startInfra, teamEnv } from "../infra-commands.ts";
import { ROOT, parseTeam, teamEntry } from "../paths.ts";
import { note } from "../say.ts";

/**
 * `flotilla mcp <team>`: the team's MCP server on our stdin/stdout, for Claude Desktop or an IDE.
 * stdout is the MCP transport, so everything we say goes to stderr. Infrastructure is started
 * detached because other instances (other teams, other clients) share it after we exit. The team
 * connects as its own NATS user (`.flotilla/credentials/<team>.env`): no secret in the client's config.
 */
export async function runMcp(name: string): Promise<number> {
  const team = parseTeam(name);
  const entry = teamEntry(team);
  if (!existsSync(entry)) throw new Error(`${relative(ROOT, entry)} does not exist yet`);
  for (const s of await startInfra()) note(`started ${s}; \`flotilla down\` stops it`);
  await provisionFleet();
  return runForeground(process.execPath, await teamCommand(team), { cwd: ROOT, env: teamEnv(team) });
}
