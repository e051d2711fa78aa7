export { submitTask, type Outcome } from "./task-runner.ts";
export { runChaos, type ChaosFigures, type ChaosOptions } from "./chaos/run.ts";
