/** `flotilla demo`: placeholder; the lead engineer implements it. */
export async function runDemo(_opts: Record<string, unknown>): Promise<number> {
  throw new Error("demo: not implemented yet");
}
