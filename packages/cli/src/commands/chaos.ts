import { runChaos } from "../chaos/run.ts";
import { note, out } from "../say.ts";

/**
 * `flotilla chaos [--tasks N]`: prints figures, asserts nothing. A fleet on its own servers runs
 * N tasks while its teams are killed at random and NATS, then Qdrant, go down for 30 s each.
 */
export async function runChaosCommand(opts: {
  tasks?: string;
  concurrency?: string;
  outage?: string;
}): Promise<number> {
  const tasks = Number(opts.tasks ?? 50);
  const concurrency = Number(opts.concurrency ?? 10);
  const outageMs = Number(opts.outage ?? 30) * 1000;
  if (![tasks, concurrency, outageMs].every((n) => Number.isInteger(n) && n > 0)) {
    note("--tasks, --concurrency and --outage take positive whole numbers");
    return 1;
  }
  const outages = [
    { server: "NATS" as const, ms: outageMs },
    { server: "Qdrant" as const, ms: outageMs },
  ];
  const f = await runChaos({ tasks, concurrency, outages, killTeams: true, print: (line) => out(line) });
  out("Flotilla chaos run (simulated provider)");
  out(
    `tasks ${f.tasks}: ${f.completed} completed, ${f.failed} failed, ${f.lost} lost, ${f.duplicates} with a duplicate outcome`,
  );
  out(
    `chaos: ${f.kills} SIGKILLs of random teams; outages: ${f.outages.join(", ") || "none"}; ${f.seconds.toFixed(0)} s`,
  );
  for (const reason of [...new Set(f.reasons)].slice(0, 10)) out(`  failed: ${reason}`);
  return 0;
}
