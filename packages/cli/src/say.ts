/**
 * Progress notes go to stderr: under `flotilla mcp` stdout is the MCP transport and must carry
 * nothing else, and for other commands it keeps stdout for the actual answer.
 */
export function note(message: string): void {
  process.stderr.write(`flotilla: ${message}\n`);
}

/** The answer of a command (status table, what was stopped): stdout. */
export function out(message: string): void {
  process.stdout.write(`${message}\n`);
}
