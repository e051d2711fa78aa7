import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Bus } from "@flotilla/bus";
import { FlotillaError } from "@flotilla/errors";

const BUCKET = "deployment_locks";

interface Lock {
  holder: string | null;
  /** ISO time after which a holder that never released (crashed) no longer counts. */
  expires_at?: string;
}

/**
 * Serialises deploys to one repository across every devops instance: a KV entry per repository,
 * taken with a revision-checked write. A holder that dies keeps it only until `ttlMs` passes.
 */
export async function withRepoLock<T>(
  bus: Pick<Bus, "updateJson">,
  repo: string,
  holder: string,
  work: () => Promise<T>,
  opts: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const { ttlMs = 15 * 60_000, waitMs = 20 * 60_000 } = opts;
  const key = createHash("sha256").update(repo).digest("hex").slice(0, 40);
  const giveUp = Date.now() + waitMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 2_000)) {
    const taken = await bus.updateJson<Lock>(BUCKET, key, (old) => {
      const free = !old?.holder || old.holder === holder || Date.parse(old.expires_at ?? "") < Date.now();
      return free ? { holder, expires_at: new Date(Date.now() + ttlMs).toISOString() } : old;
    });
    if (taken.holder === holder) break;
    if (Date.now() > giveUp)
      throw new FlotillaError(`repository ${repo} stayed locked by ${taken.holder} for ${waitMs} ms`, {
        isRetryable: true,
        context: { repo, holder: taken.holder },
      });
    await sleep(pause);
  }
  try {
    return await work();
  } finally {
    await bus.updateJson<Lock>(BUCKET, key, (old) =>
      old?.holder === holder ? { holder: null } : (old ?? { holder: null }),
    );
  }
}
