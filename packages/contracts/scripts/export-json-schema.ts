/** Writes schemas/<Message>.json for every message; a test fails when they are out of date. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { allJsonSchemas } from "../src/json-schema.ts";

const dir = resolve(import.meta.dirname, "../../../schemas");
mkdirSync(dir, { recursive: true });
const files = allJsonSchemas();
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
process.stderr.write(`wrote ${Object.keys(files).length} schemas to ${dir}\n`);
