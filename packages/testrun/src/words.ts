/**
 * The words of a command line that needs no shell: whitespace-separated, '…' and "…" quoting
 * (no escapes). Undefined when the line uses anything a shell would interpret (pipes, `&&`,
 * redirections, variables, substitutions), so that it is run with `sh -c` instead.
 *
 * @example
 * splitCommand("node --test 'test/**\/*.test.mjs'"); // ["node", "--test", "test/**\/*.test.mjs"]
 * splitCommand("npm run build && node --test");     // undefined
 */
export function splitCommand(line: string): string[] | undefined {
  const words: string[] = [];
  for (const [, single, double, bare] of line.trim().matchAll(/'([^']*)'|"([^"$`\\]*)"|(\S+)/g)) {
    if (bare !== undefined && /[|&;<>$`\\(){}'"]/.test(bare)) return undefined;
    words.push(single ?? double ?? bare!);
  }
  return words.length ? words : undefined;
}
