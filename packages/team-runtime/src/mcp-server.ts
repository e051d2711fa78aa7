import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { TeamContext, TeamSpec } from "./types.ts";
import { registerSearchTool } from "./search-tool.ts";

/**
 * The team's MCP server with the tools its declaration registers (buildServer pattern of the
 * SDK). Imported by run-team.ts only when FLOTILLA_MCP_STDIO is on, so the SDK's server code
 * loads only then; a declaration may import its tools' code lazily too (leadership does).
 */
export async function buildMcpServer(spec: TeamSpec, ctx: TeamContext): Promise<McpServer> {
  const agents = ctx.agents.map((a) => `${a.spec.name} (${a.model.provider}/${a.model.modelId})`).join(", ");
  const server = new McpServer(
    { name: `flotilla-${spec.name}`, title: `Flotilla ${spec.name} team`, version: "0.1.0" },
    {
      instructions: `${spec.purpose} Agents: ${agents}.`,
      // Long work (a whole task) can run as a task-augmented call where the client supports it.
      capabilities: { logging: {}, tasks: { requests: { tools: { call: {} } }, list: {}, cancel: {} } },
      taskStore: new InMemoryTaskStore(),
    },
  );
  await spec.tools(server, ctx);
  registerSearchTool(server, ctx);
  return server;
}

/** Serves MCP on stdin/stdout; `onClose` runs when the client goes away. */
export async function serveStdio(server: McpServer, onClose: () => void): Promise<void> {
  const transport = new StdioServerTransport();
  transport.onclose = onClose;
  process.stdin.once("end", onClose);
  await server.connect(transport);
}
