import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { ensureInfra } from "@flotilla/infra";
import { loadConfig } from "@flotilla/config";
import { teamCommand } from "../build/index.ts";
import { DATA_DIR, LOG_DIR, ROOT } from "../paths.ts";
import { cliBus } from "../connect.ts";
import { CREDENTIALS_DIR, teamCredentialsEnv, useLocalCredentials } from "../local-credentials.ts";
import { startLocalFleet } from "../local-fleet.ts";
import { note, out } from "../say.ts";

const SAMPLE = "Add a slugify(text) helper that lowercases, trims and joins words with dashes";

/**
 * `flotilla demo`: starts what is missing and the five teams, submits a sample task through the
 * leadership server's MCP tool (as an MCP client over stdio), shows live progress, prints the
 * summary, then stops exactly what it started.
 */
export async function runDemo(opts: { task?: string }): Promise<number> {
  const config = loadConfig();
  const infra = await ensureInfra({
    natsUrl: config.NATS_URL,
    qdrantUrl: config.QDRANT_URL,
    qdrantApiKey: config.QDRANT_API_KEY || undefined,
    qdrantReadOnlyApiKey: config.QDRANT_READ_ONLY_API_KEY || undefined,
    dataDir: DATA_DIR,
    credentialsDir: CREDENTIALS_DIR,
    onStart: (w) => note(`starting ${w}`),
  });
  useLocalCredentials();
  // Admin: it provisions the streams the teams (as their own users) only check.
  const bus = await cliBus({ as: "admin" });
  const env = { ...process.env, NATS_URL: config.NATS_URL, QDRANT_URL: config.QDRANT_URL };
  let client: Client | undefined;
  let fleet: Awaited<ReturnType<typeof startLocalFleet>> | undefined;
  try {
    note("starting the five teams (simulated provider: no real model is called)");
    fleet = await startLocalFleet(bus, env, "demo", (team) => note(`${team} is up`));
    client = new Client({ name: "flotilla-demo", version: "0.1.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: await teamCommand("leadership"),
        cwd: ROOT,
        stderr: "ignore",
        env: {
          ...(env as Record<string, string>),
          ...teamCredentialsEnv("leadership", env),
          LOG_FILE: join(LOG_DIR, "leadership.demo-mcp.log"),
        },
      }),
    );
    const task = opts.task ?? SAMPLE;
    out(`submitting through the leadership MCP tool submit_task: "${task}"`);
    const res = await client.callTool(
      {
        name: "submit_task",
        arguments: { description: task, requirements: ["has unit tests", "documented"], wait: true },
      },
      CallToolResultSchema,
      {
        onprogress: (p) => out(`  ${p.message ?? ""}`),
        resetTimeoutOnProgress: true,
        timeout: 120_000,
        maxTotalTimeout: 3_600_000,
      },
    );
    const text = (res.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? "").join("\n");
    out(`\n${text}`);
    const status = (res.structuredContent as { status?: string } | undefined)?.status;
    return status === "completed" ? 0 : 1;
  } finally {
    await client?.close().catch(() => {});
    await fleet?.stop();
    await bus.close();
    await infra.stop();
    if (infra.started.length) note(`stopped ${infra.started.map((s) => s.name).join(", ")}`);
  }
}
