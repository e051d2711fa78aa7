// The shapes a tool handler returns, apart from the MCP SDK: the teams' tool code imports these
// at start, and a team that serves no MCP client must not load the SDK's server for them.

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
