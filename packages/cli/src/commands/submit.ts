/** `flotilla submit <text>`: placeholder; the lead engineer implements it. */
export async function runSubmit(_text: string, _opts: Record<string, unknown>): Promise<number> {
  throw new Error("submit: not implemented yet");
}
