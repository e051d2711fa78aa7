/**
 * The provider adapters' overhead over a bare fetch (see packages/cli/src/bench/adapters.ts).
 *
 *   node --import tsx scripts/bench-adapters.ts [calls] [warm-up]   (or: flotilla bench --adapters)
 */
import { benchAdapters } from "../packages/cli/src/bench/adapters.ts";

const [calls, warmup] = process.argv.slice(2).map(Number);
await benchAdapters({ calls: calls || undefined, warmup: warmup || undefined });
