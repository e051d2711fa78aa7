import type { ChatMessage } from "../../src/adapter.ts";
import { requestsLike } from "./adapter-fixtures.ts";

/** The answer schema without `$schema`: what Gemini passes on (it drops that keyword). */
export const CODE_BUNDLE_SCHEMA = {
  type: "object",
  properties: { summary: { type: "string", minLength: 1 }, files: { type: "array", items: { type: "string" } } },
  required: ["summary", "files"],
  additionalProperties: false,
};

/** The schema as callers send it, `$schema` included. */
export const CODE_BUNDLE_JSON_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  ...CODE_BUNDLE_SCHEMA,
};

/** A coding request for the Anthropic and Gemini tests: add a trim helper, answer a CodeBundle. */
export const trimHelperRequest = requestsLike({
  system: "You are a careful coder.",
  messages: [{ role: "user", content: "Add a trim helper" }],
  jsonSchema: CODE_BUNDLE_JSON_SCHEMA,
  schemaName: "CodeBundle",
});

/** A re-ask: the work prompt, the invalid answer and what was wrong with it. */
export const TRIM_HELPER_REASK: ChatMessage[] = [
  { role: "user", content: "Add a trim helper" },
  { role: "assistant", content: "{}" },
  { role: "user", content: "summary is required" },
];
