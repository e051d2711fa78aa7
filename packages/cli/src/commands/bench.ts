/** `flotilla bench`: placeholder; the lead engineer implements it. */
export async function runBench(_opts: Record<string, unknown>): Promise<number> {
  throw new Error("bench: not implemented yet");
}
