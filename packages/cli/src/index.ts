export { submitTask, type Outcome } from "./task-runner.ts";
