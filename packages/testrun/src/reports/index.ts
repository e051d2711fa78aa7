import { readFile } from "node:fs/promises";
import type { TestCommand } from "../detect.ts";
import type { ParsedReport } from "../result.ts";
import { parseCargoTest } from "./cargo.ts";
import { parseGoTestJson } from "./go-json.ts";
import { parseJunit, pytestName } from "./junit.ts";
import { parseVitestJson } from "./vitest-json.ts";

/** The parsed report of a finished run, or undefined when there is none (or it is unreadable). */
export async function readReport(command: TestCommand, stdout: string): Promise<ParsedReport | undefined> {
  const file = command.reportFile ? await readFile(command.reportFile, "utf8").catch(() => undefined) : undefined;
  try {
    switch (command.report) {
      case "junit":
        if (file === undefined || !/<testsuites?\b/.test(file)) return undefined;
        return parseJunit(file, command.source === "pytest" ? { name: pytestName } : {});
      case "vitest-json":
        return file === undefined ? undefined : parseVitestJson(file);
      case "go-json":
        return stdout.includes('"Action"') ? parseGoTestJson(stdout) : undefined;
      case "cargo":
        return parseCargoTest(stdout);
      case "exit-code":
        return undefined;
    }
  } catch {
    return undefined; // a half-written report: the verdict says the report is missing
  }
}
