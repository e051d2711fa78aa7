import type { SandboxOutput } from "./types.ts";

/**
 * Keeps the first `cap` bytes of a stream. `add` returns false once the stream went past the cap,
 * which is when the run is to be killed.
 */
export function cappedOutput(cap: number) {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;

  function add(chunk: Buffer): boolean {
    const room = cap - kept;
    if (chunk.length > room) truncated = true;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      chunks.push(part);
      kept += part.length;
    }
    return !truncated;
  }

  function result(): SandboxOutput {
    return { text: Buffer.concat(chunks).toString("utf8"), truncated };
  }

  function tail(bytes: number): string {
    const all = Buffer.concat(chunks);
    return all.subarray(Math.max(0, all.length - bytes)).toString("utf8");
  }

  return { add, result, tail };
}
