import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "teams/*/test/**/*.test.ts", "tests/**/*.test.ts"],
    // One real nats-server and one real Qdrant shared by the package tests; fleet tests start
    // their own per file (tests/support/fleet.ts) so their streams and collections stay apart.
    globalSetup: ["tests/setup/global-setup.ts"],
    // Tests talk to real servers and spawn team processes, so allow for slow machines.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Forks, not threads: test code spawns and signals processes, which is safer per process.
    pool: "forks",
    fileParallelism: true,
    // Two-core machine: more workers only adds contention with the servers.
    maxWorkers: 2,
  },
});
