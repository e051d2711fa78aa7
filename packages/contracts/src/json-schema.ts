import { z } from "zod";
import { MESSAGES, type MessageName } from "./messages/index.ts";

/** JSON Schema (draft 2020-12) of a message, as a non-TypeScript publisher validates it. */
export function messageJsonSchema(name: MessageName): Record<string, unknown> {
  return {
    $id: `https://flotilla.local/schemas/${name}.json`,
    title: name,
    ...z.toJSONSchema(MESSAGES[name], { io: "input", unrepresentable: "any" }),
  };
}

/** Every message's JSON Schema, by file name. */
export function allJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of Object.keys(MESSAGES) as MessageName[]) {
    files[`${name}.json`] = `${JSON.stringify(messageJsonSchema(name), null, 2)}\n`;
  }
  return files;
}
