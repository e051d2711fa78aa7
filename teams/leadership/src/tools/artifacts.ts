import { z } from "zod";
import { cutText, ObjectRef, OBJECT_STORES } from "@flotilla/contracts";
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";

const MAX_TEXT = 200_000;
const uriOf = (store: string, key: string) => `flotilla://artifacts/${store}/${encodeURIComponent(key)}`;

async function readArtifact(ctx: TeamContext, ref: ObjectRef) {
  const data = await ctx.bus.objects.get(ref);
  if (!data) return undefined;
  const text = new TextDecoder().decode(data);
  return {
    size: data.byteLength,
    text: cutText(text, MAX_TEXT),
    truncated: text.length > MAX_TEXT,
  };
}

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * The reference a resource URI names, or a clean InvalidParams error: the key is
 * percent-encoded by whoever built the URI, and may be neither valid encoding nor a valid key.
 */
function refOfUri(vars: Record<string, string | string[]>): ObjectRef {
  const store = String(vars.object_store);
  let key: string;
  try {
    key = decodeURIComponent(String(vars.key));
  } catch {
    throw new McpError(ErrorCode.InvalidParams, `artifact key ${String(vars.key)} is not valid percent-encoding`);
  }
  const parsed = ObjectRef.safeParse({ object_store: store, key });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new McpError(ErrorCode.InvalidParams, `invalid artifact reference ${store}/${key}: ${problems}`);
  }
  return parsed.data;
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
      const found = await readArtifact(ctx, ref).catch((err: Error) => err);
      if (found instanceof Error)
        return toolError(`cannot read artifact ${ref.object_store}/${ref.key}: ${found.message}`);
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
      const ref = refOfUri(vars);
      const found = await readArtifact(ctx, ref);
      if (!found)
        throw new McpError(RESOURCE_NOT_FOUND, `no artifact ${ref.object_store}/${ref.key}`, { uri: uri.href });
      return {
        contents: [
          { uri: uri.href, mimeType: ref.key.endsWith(".json") ? "application/json" : "text/plain", text: found.text },
        ],
      };
    },
  );
}
