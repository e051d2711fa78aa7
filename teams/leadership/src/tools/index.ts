import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TeamContext } from "@flotilla/team-runtime";
import { registerSubmitTask } from "./submit.ts";
import { registerStatusTools } from "./status.ts";
import { registerArtifactTools } from "./artifacts.ts";
import { registerHealthTool } from "./health.ts";
import { registerKnowledgeTools } from "./knowledge.ts";
import { registerApprovalTools } from "./approvals.ts";
import { registerDlqTools } from "./dlq.ts";
import { registerQualityTools } from "./quality.ts";
import { ingestStoreOf } from "../ingest-store.ts";

/** Leadership's MCP tools: what Claude Desktop uses to drive the fleet. */
export function registerLeadershipTools(server: McpServer, ctx: TeamContext): void {
  registerSubmitTask(server, ctx);
  registerStatusTools(server, ctx);
  registerArtifactTools(server, ctx);
  registerHealthTool(server, ctx);
  registerKnowledgeTools(server, ctx, ingestStoreOf(ctx));
  registerDlqTools(server, ctx);
  registerApprovalTools(server, ctx);
  registerQualityTools(server, ctx);
}
