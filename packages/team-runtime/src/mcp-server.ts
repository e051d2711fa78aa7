import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { TeamContext, TeamSpec } from "./types.ts";
import { registerSearchTool } from "./search-tool.ts";

/** The team's MCP server with the tools its declaration registers (buildServer pattern of the SDK). */
export function buildMcpServer(spec: TeamSpec, ctx: TeamContext): McpServer {
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
  spec.tools(server, ctx);
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

/** Tool result with both text for the model and structured content for programs. */
export function structured<T extends Record<string, unknown>>(value: T, text?: string) {
  return {
    content: [{ type: "text" as const, text: text ?? JSON.stringify(value, null, 2) }],
    structuredContent: value,
  };
}

/** A failed tool call the model can read (protocol errors are thrown instead). */
export function toolError(message: string) {
  return { content: [{ type: "text" as const, text: message }], isError: true };
}
