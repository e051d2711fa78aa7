/**
 * Documentation team: technical docs, API docs, architecture diagrams (Mermaid), release notes.
 *
 * Receives  documentation.request (DocumentationRequest, from leadership; rates the code it gets)
 * Publishes documentation.complete (DocumentationComplete; docs in `documentation_artifacts`,
 *           the Mermaid diagram in `diagram_artifacts`)
 * MCP tool  write_api_docs — API docs for code given inline.
 */
import { z } from "zod";
import { DocBundle, ids } from "@flotilla/contracts";
import { defineStep, defineTeam, registerTeamTool, reply, resultOf } from "@flotilla/team-runtime";

const WRITER =
  "You are a technical writer. Write accurate, concise documentation for developers, with a Mermaid diagram. Answer with JSON only.";

export const team = defineTeam({
  name: "documentation",
  purpose: "Writes API docs, guides, Mermaid diagrams and release notes for the work it receives.",
  agents: [
    {
      name: "technical_writer",
      role: "technical writer",
      instructions: WRITER,
      model: { provider: "google", model: "gemini-2.5-pro" },
    },
    {
      name: "diagram_specialist",
      role: "diagram specialist",
      instructions: WRITER,
      model: { provider: "anthropic", model: "claude-haiku-4-5" },
    },
    {
      name: "api_documenter",
      role: "API documenter",
      instructions: WRITER,
      model: { provider: "openai", model: "gpt-5-mini" },
    },
  ],
  steps: [
    defineStep({
      step: "document",
      consumes: "documentation.request",
      output: { name: "DocBundle", schema: DocBundle },
      artifact: { store: "documentation_artifacts", name: "docs.json" },
      prompt: (m, received) =>
        `Write ${m.documentation_type} documentation (${m.requirements.format}, for ${m.requirements.audience}s) ` +
        `of the code below, with a Mermaid diagram and release notes.\n\n${received}`,
      finish: async (ctx, m, r) => {
        const docs = r.output;
        const diagram = { object_store: "diagram_artifacts" as const, key: ids.artifactKey(r.coords, "diagram.mmd") };
        await ctx.bus.objects.put(diagram, docs.diagram_mermaid);
        await ctx.bus.publish("documentation.complete", {
          ...reply(ctx, m, r.workflow, "complete"),
          ...resultOf(r),
          artifacts: {
            documentation_location: r.artifact,
            formats_available: ["markdown"],
            diagrams: [{ type: "flow", location: diagram }],
          },
          metadata: { word_count: `${docs.markdown} ${docs.api_reference}`.split(/\s+/).filter(Boolean).length },
        });
      },
    }),
  ],
  tools: (server, ctx) =>
    registerTeamTool(server, ctx, {
      name: "write_api_docs",
      title: "Write API docs",
      description: "Write API documentation (with a Mermaid diagram) for code given inline.",
      input: {
        code: z.string().min(1).describe("the code to document"),
        audience: z.enum(["developer", "user", "operator"]).default("developer"),
      },
      output: { name: "DocBundle", schema: DocBundle },
      prompt: (a) => `Write API documentation for ${a.audience}s of this code:\n\n${a.code}`,
    }),
});
