/** NATS KV buckets of SPEC §5. */
export const KV_BUCKETS = ["task_assignments", "dependency_graph", "workflow_state", "environment_config", "deployment_locks"] as const;

/** Qdrant collections created on start unless QDRANT_COLLECTIONS says otherwise (SPEC §9, §11). */
export const QDRANT_COLLECTIONS_DEFAULT = [
  "cross_team_tasks", "agent_memory", "team_votes", "cross_team_ratings", "quality_metrics", "design_principles",
  "coding_standards", "json_artifacts", "failure_analytics", "learning_patterns",
] as const;
