import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FlotillaError } from "@flotilla/errors";

/**
 * A command line the repository names in `.flotilla.json` (`{ "test": "npm test", "lint": "npm run lint" }`),
 * or undefined when there is no such file or it names none. Throws when the file is not valid
 * JSON or the field is not a command line, so that a typo is not silently ignored.
 */
export function flotillaCommand(dir: string, field: "test" | "lint"): string | undefined {
  const file = join(dir, ".flotilla.json");
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)[field];
  } catch (cause) {
    throw new FlotillaError(`.flotilla.json in ${dir} is not valid JSON; fix it or remove it`, {
      isRetryable: false,
      context: { file },
      cause,
    });
  }
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !value.trim())
    throw new FlotillaError(
      `.flotilla.json: "${field}" must be a command line, e.g. { "${field}": "npm ${field === "test" ? "test" : "run lint"}" }`,
      {
        isRetryable: false,
        context: { file, field },
      },
    );
  return value;
}

/** package.json `scripts.<name>`, or undefined. */
export function packageScript(dir: string, name: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts?: Record<string, unknown> };
    const script = pkg.scripts?.[name];
    return typeof script === "string" ? script : undefined;
  } catch {
    return undefined; // no package.json, or one npm could not read either
  }
}
