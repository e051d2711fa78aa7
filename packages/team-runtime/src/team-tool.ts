import { z } from "zod";
import { VoteSummary, type WorkOutputName } from "@flotilla/contracts";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TeamContext } from "./types.ts";
import { deliberate } from "./deliberate.ts";
import { structured, toolError } from "./mcp-results.ts";

export interface TeamToolSpec<Shape extends z.ZodRawShape, Out extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  output: { name: WorkOutputName; schema: Out };
  /** What the agents are asked, from the tool's arguments. */
  prompt(args: z.infer<z.ZodObject<Shape>>): string;
}

/**
 * Registers a tool of the team's own trade: the team deliberates (draft + vote) and the tool
 * returns the voted result with the vote summary as structured content.
 */
export function registerTeamTool<Shape extends z.ZodRawShape, Out extends z.ZodObject>(
  server: McpServer,
  ctx: TeamContext,
  spec: TeamToolSpec<Shape, Out>,
): void {
  server.registerTool(
    spec.name,
    {
      title: spec.title,
      description: `${spec.description} Every agent of the ${ctx.team} team votes on the answer.`,
      inputSchema: spec.input,
      outputSchema: { request_id: z.string(), result: spec.output.schema, vote: VoteSummary, simulated: z.boolean() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (async (args: z.infer<z.ZodObject<Shape>>) => {
      try {
        const prompt = spec.prompt(args);
        const done = await deliberate(ctx, {
          step: `tool:${spec.name}`,
          schema: spec.output.schema,
          schemaName: spec.output.name,
          prompt,
          taskText: prompt,
        });
        const simulated = ctx.agents.some((a) => a.model.simulated);
        const value = {
          request_id: done.requestId,
          result: done.output as Record<string, unknown>,
          vote: done.vote,
          simulated,
        };
        return structured(
          value,
          `${simulated ? "[SIMULATION — not real model output]\n" : ""}${JSON.stringify(value, null, 2)}`,
        );
      } catch (err) {
        ctx.logger.error({ err: (err as Error).message, tool: spec.name }, "tool failed");
        return toolError(`${spec.name} failed: ${(err as Error).message}`);
      }
    }) as never,
  );
}
