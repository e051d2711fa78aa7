import { z } from "zod";
import { ObjectRef, OBJECT_STORES } from "@flotilla/contracts";
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";

const MAX_TEXT = 200_000;
const uriOf = (store: string, key: string) => `flotilla://artifacts/${store}/${encodeURIComponent(key)}`;

async function readArtifact(ctx: TeamContext, ref: ObjectRef) {
  const data = await ctx.bus.objects.get(ref);
  if (!data) return undefined;
  const text = new TextDecoder().decode(data);
  return {
    size: data.byteLength,
    text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text,
    truncated: text.length > MAX_TEXT,
  };
}

/** get_artifact, and every artifact as a resource `flotilla://artifacts/<store>/<key>`. */
export function registerArtifactTools(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "get_artifact",
    {
      title: "Get an artifact",
      description:
        "Reads an artifact (code, test report, docs, diagram, deployment, plan) by its {object_store, key} reference.",
      inputSchema: ObjectRef.shape,
      outputSchema: {
        object_store: z.string(),
        key: z.string(),
        size: z.number(),
        truncated: z.boolean(),
        content: z.string(),
      },
      annotations: { readOnlyHint: true },
    },
    async (ref) => {
      const found = await readArtifact(ctx, ref);
      if (!found) return toolError(`no artifact ${ref.object_store}/${ref.key}`);
      return structured({ ...ref, size: found.size, truncated: found.truncated, content: found.text }, found.text);
    },
  );

  server.registerResource(
    "artifact",
    new ResourceTemplate("flotilla://artifacts/{object_store}/{key}", {
      list: async () => {
        const lists = await Promise.all(
          OBJECT_STORES.map(async (store) => (await ctx.bus.objects.list(store)).map((o) => ({ store, ...o }))),
        );
        return {
          resources: lists
            .flat()
            .slice(-500)
            .map((o) => ({
              uri: uriOf(o.store, o.name),
              name: `${o.store}/${o.name}`,
              mimeType: o.name.endsWith(".json") ? "application/json" : "text/plain",
            })),
        };
      },
    }),
    { title: "Flotilla artifact", description: "An artifact a team stored in the NATS object store." },
    async (uri, vars) => {
      const ref = ObjectRef.parse({
        object_store: String(vars.object_store),
        key: decodeURIComponent(String(vars.key)),
      });
      const found = await readArtifact(ctx, ref);
      if (!found) throw new Error(`no artifact ${ref.object_store}/${ref.key}`);
      return {
        contents: [
          { uri: uri.href, mimeType: ref.key.endsWith(".json") ? "application/json" : "text/plain", text: found.text },
        ],
      };
    },
  );
}
