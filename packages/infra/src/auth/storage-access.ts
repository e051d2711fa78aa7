import { OBJECT_STORES, TEAMS, type StreamName, type TeamName } from "@flotilla/contracts";

/** Who writes one bucket or store; a name missing here is written by no team (a test keeps the table whole). */
export type Writers = Readonly<Record<string, readonly TeamName[]>>;

/**
 * Which teams write each KV bucket and each object store. Every team reads them all (work
 * arrives as object refs from any team; leadership's tools list every store); the `client`
 * user reads none, the `dashboard` user what DASHBOARD_READS names.
 * `packages/infra/test/nats-permissions.test.ts` fails for a bucket or store of the contracts
 * that has no row here.
 */
export const KV_WRITERS: Writers = {
  // Only leadership moves a task on: nobody else may rewrite or delete its state.
  workflow_state: ["leadership"],
  task_assignments: ["leadership"],
  dependency_graph: ["leadership"],
  deployment_locks: ["devops"],
  // Model calls folded per task from metrics.agent.* (the ledger consumer runs in leadership).
  ledger: ["leadership"],
  // Written by `flotilla bench` only, which connects as admin.
  environment_config: [],
};

export const OBJECT_WRITERS: Writers = {
  plan_artifacts: ["leadership"],
  code_artifacts: ["development"],
  test_reports: ["qa"],
  // Sandboxed run records (development's validation, QA's tests) and devops' health checks.
  test_artifacts: ["development", "qa", "devops"],
  documentation_artifacts: ["documentation"],
  diagram_artifacts: ["documentation"],
  build_artifacts: ["devops"],
  // The body of a message too large for its DLQ entry: any team's consumer may dead-letter one.
  dlq_payloads: TEAMS,
};

/**
 * What the read-only `dashboard` user reads besides the catalogue rows addressed to dashboards:
 * every task's subjects, the task states and the ledger, every object store (artifacts, run
 * records, DLQ bodies) and the DLQ's entries. A user of its own rather than more reads for
 * `client`, whose credentials go to anything that submits tasks: the dashboard writes and
 * publishes nothing, and `client` keeps reading no stored work.
 */
export const DASHBOARD_READS: {
  subjects: readonly string[];
  kv: readonly string[];
  objects: readonly string[];
  streams: readonly StreamName[];
} = {
  subjects: ["system.task.>"],
  kv: ["workflow_state", "ledger"],
  objects: OBJECT_STORES,
  streams: ["DLQ"],
};
