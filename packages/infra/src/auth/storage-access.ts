import { TEAMS, type TeamName } from "@flotilla/contracts";

/** Who writes one bucket or store; a name missing here is written by no team (a test keeps the table whole). */
export type Writers = Readonly<Record<string, readonly TeamName[]>>;

/**
 * Which teams write each KV bucket and each object store. Every team reads them all (work
 * arrives as object refs from any team; leadership's tools list every store); the `client`
 * user reads none. `packages/infra/test/nats-permissions.test.ts` fails for a bucket or store
 * of the contracts that has no row here.
 */
export const KV_WRITERS: Writers = {
  // Only leadership moves a task on: nobody else may rewrite or delete its state.
  workflow_state: ["leadership"],
  task_assignments: ["leadership"],
  dependency_graph: ["leadership"],
  deployment_locks: ["devops"],
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
