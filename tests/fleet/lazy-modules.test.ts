import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { waitUntil } from "@flotilla/infra";
import { teamCommand } from "../../packages/cli/src/build/index.ts";
import { ROOT } from "../support/fleet.ts";

// What a team serving only NATS, with no provider key, must not load: every provider SDK (and
// the embedders on them) and the MCP SDK's server.
const SDKS = ["openai", "@anthropic-ai/sdk", "@google/genai", "groq-sdk"];
const inPackage = (name: string) => new RegExp(`node_modules/(?:\\.pnpm/[^/]+/node_modules/)?${name}/`);
const MCP_SERVER = /@modelcontextprotocol\/sdk\/dist\/esm\/server\//;
// Leadership's ingest code (file watching, Markdown): only with FLOTILLA_KNOWLEDGE_DIRS or MCP tools.
const INGEST = ["chokidar", "marked"];

const dir = mkdtempSync(join(tmpdir(), "flotilla-lazy-"));
// A module hook that writes down every module the process resolves (from the loader's thread).
const HOOK = join(dir, "record-modules.mjs");
writeFileSync(
  HOOK,
  `import { register } from "node:module";
register(
  "data:text/javascript," + encodeURIComponent(\`
    import { appendFileSync } from "node:fs";
    let file;
    export function initialize(data) { file = data.file; }
    export async function resolve(specifier, context, next) {
      const found = await next(specifier, context);
      appendFileSync(file, found.url + "\\\\n");
      return found;
    }\`),
  import.meta.url,
  { data: { file: process.env.RECORD_MODULES } },
);
`,
);
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts leadership (the team with the most tools) and returns what it has loaded once idle. */
async function loadedModules(command: string[], mcp: boolean, name: string): Promise<() => string[]> {
  const record = join(dir, `${name}.modules`);
  const log = join(dir, `${name}.log`);
  // No provider key reaches the team, whatever the developer's shell holds.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY|_BASE_URL/.test(k)));
  const child = spawn(process.execPath, ["--import", HOOK, ...command], {
    cwd: ROOT,
    stdio: [mcp ? "pipe" : "ignore", "ignore", "inherit"],
    env: {
      ...env,
      RECORD_MODULES: record,
      FLOTILLA_HOME: join(dir, name),
      FLOTILLA_WORKSPACE: join(dir, name, "workspace"),
      FLOTILLA_INSTANCE_ID: `leadership-${name}`,
      FLOTILLA_MCP_STDIO: String(mcp),
      EMBEDDING_PROVIDER: "none",
      FLOTILLA_KNOWLEDGE_DIRS: "",
      LOG_FILE: log,
      LOG_LEVEL: "info",
    },
  });
  children.push(child);
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`leadership exited (${child.exitCode}); see ${log}`);
      return existsSync(log) && readFileSync(log, "utf8").includes("team up");
    },
    "leadership to start",
    60_000,
  );
  // Idle a moment: a health report or two, the services started.
  await new Promise((r) => setTimeout(r, 1_500));
  return () => readFileSync(record, "utf8").trim().split("\n");
}

describe.each([
  ["built", () => teamCommand("leadership")],
  ["from source", async () => ["--import", "tsx", join(ROOT, "teams/leadership/src/main.ts")]],
])("a team %s", (name, command) => {
  it("without an MCP client, a provider key or knowledge folders loads no provider SDK, MCP server or ingest code", async () => {
    const modules = (await loadedModules(await command(), false, `${name}-nats`))();
    expect(modules.some((url) => inPackage("@nats-io/transport-node").test(url))).toBe(true);
    for (const sdk of SDKS) expect(modules.filter((url) => inPackage(sdk).test(url))).toEqual([]);
    expect(modules.filter((url) => MCP_SERVER.test(url))).toEqual([]);
    for (const lib of INGEST) expect(modules.filter((url) => inPackage(lib).test(url))).toEqual([]);
  });

  it("with an MCP client loads the MCP server and the ingest tools (what the check above would see)", async () => {
    const modules = await loadedModules(await command(), true, `${name}-mcp`);
    await waitUntil(async () => modules().some((url) => MCP_SERVER.test(url)), "the MCP server to load", 10_000);
    await waitUntil(
      async () => modules().some((url) => inPackage("chokidar").test(url)),
      "the ingest code to load",
      10_000,
    );
  });
});
