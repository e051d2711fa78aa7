import { ids, QualityRecord, type Producer, type StepCoordinates } from "@flotilla/contracts";
import type { KnowledgePoint } from "@flotilla/knowledge";
import { ballotPoint, ratingPoint } from "../../packages/team-runtime/src/records.ts";

/**
 * A known set of quality records, ballots and ratings for the leaderboard tests: two models of
 * one role and task type, one clearly better, plus a record of other work the filters leave out.
 * Ballots and ratings are made by the runtime's own ballotPoint and ratingPoint.
 */
export const TYPE = "bugfix/typescript";
export const ROLE = "lead developer";
export const CAREFUL = { provider: "anthropic", model: "claude-sonnet-4-5", agent: "anthropic_coder" };
export const FAST = { provider: "openai", model: "gpt-5-mini", agent: "openai_coder" };
export const TASKS = [
  "0b0c6a52-5d0e-4c43-9d7e-1a1f2c3d4e01",
  "0b0c6a52-5d0e-4c43-9d7e-1a1f2c3d4e02",
  "0b0c6a52-5d0e-4c43-9d7e-1a1f2c3d4e03",
] as const;
type Task = 0 | 1 | 2;

type Model = typeof CAREFUL;
const producer = (m: Model, team: Producer["team"] = "development"): Producer => ({
  team,
  agent: m.agent,
  role: ROLE,
  provider: m.provider,
  model: m.model,
  simulated: false,
});
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString();
let pointNo = 0;
const pointId = () => `5f2b7c1e-0000-4000-8000-${String(++pointNo).padStart(12, "0")}`;

function quality(m: Model, task: Task, source: "tests" | "usage", fields: Partial<QualityRecord>): KnowledgePoint {
  const record = QualityRecord.parse({
    kind: "quality",
    source,
    task_id: TASKS[task],
    packet_id: "development-1",
    step: "implement",
    round: 1,
    task_type: TYPE,
    team: "development",
    agent: m.agent,
    role: ROLE,
    provider: m.provider,
    model: m.model,
    simulated: false,
    dimensions: {},
    recorded_by: source === "tests" ? "qa" : "development",
    timestamp: at(task),
    ...fields,
  });
  return { id: pointId(), text: `${m.model} ${record.task_type} ${source}`, payload: record };
}

const correct = (value: number) => ({ dimensions: { correctness: { value, basis: `${value * 10} of 10 QA tests` } } });
const usage = (latency_ms: number, tokens: number) => ({ evidence: { latency_ms, tokens } });

/** Three scored records and one usage record of CAREFUL, two and one of FAST, one of other work. */
export function qualityPoints(): KnowledgePoint[] {
  return [
    quality(CAREFUL, 0, "tests", correct(1)),
    quality(CAREFUL, 1, "tests", correct(0.9)),
    quality(CAREFUL, 2, "tests", correct(0.95)),
    quality(CAREFUL, 0, "usage", usage(4_000, 3_200)),
    quality(FAST, 0, "tests", correct(0.5)),
    quality(FAST, 1, "tests", correct(0.6)),
    quality(FAST, 0, "usage", usage(1_000, 800)),
    quality(CAREFUL, 2, "tests", {
      ...correct(0.7),
      task_type: "docs",
      team: "documentation",
      role: "technical writer",
    }),
  ];
}

const coords = (task: Task, team: string, step: string, packet: string): StepCoordinates => ({
  taskId: TASKS[task],
  team,
  step,
  round: 1,
  packet,
});
const tally = { approval_ratio: 1, head_count_ratio: 1, quorum: true, consensus: true };

function ballot(c: StepCoordinates, m: Model, vote: "approve" | "reject", rationale: string) {
  const cast = {
    producer: producer(m, "development"),
    ballot: { vote, confidence: 0.8, rationale, suggested_improvements: [] },
    id: ids.ballot(c, 1, m.agent),
  };
  return ballotPoint(c, { n: 1, tally, candidate: { summary: "a fix" } }, cast, { outcome: "accepted", chosen: true });
}

function rating(
  c: StepCoordinates,
  raterAgent: string,
  m: Model,
  overall: number,
  approved: boolean,
  feedback: string,
) {
  const rater: Producer = { team: "qa", agent: raterAgent, provider: "openai", model: "gpt-5", simulated: false };
  const work = {
    step: "implement" as const,
    packet_id: "development-1",
    round: 1,
    artifact: { object_store: "code_artifacts" as const, key: `${c.taskId}/development-1/implement/r1/code.json` },
    produced_by: producer(m),
  };
  const scores = { quality: overall, completeness: overall, usability: overall, documentation: overall, overall };
  const r = { approved, ratings: scores, feedback, issues_found: [] };
  return ratingPoint(c, ids.rating(c, raterAgent, work.step), rater, work, r);
}

/** Six ballots (three votes of two models) and three ratings, with distinct timestamps. */
export function voteAndRatingPoints(): { ballots: KnowledgePoint[]; ratings: KnowledgePoint[] } {
  const implement0 = coords(0, "development", "implement", "development-1");
  const implement1 = coords(1, "development", "implement", "development-1");
  const test0 = coords(0, "qa", "test", "qa-1");
  const ballots = [
    ballot(implement0, CAREFUL, "approve", "handles the empty string edge case"),
    ballot(implement0, FAST, "approve", "looks fine to me"),
    ballot(implement1, CAREFUL, "reject", "the quokka parser leaks memory on every call"),
    ballot(implement1, FAST, "approve", "the tests pass"),
    ballot(test0, CAREFUL, "approve", "the tests cover the edge cases"),
    ballot(test0, FAST, "approve", "good coverage"),
  ];
  const ratings = [
    rating(test0, "qa_lead", CAREFUL, 0.9, true, "clear code, well tested"),
    rating(test0, "qa_engineer", FAST, 0.4, false, "indentation uses tabs, and the edge cases are missing"),
    rating(
      coords(1, "documentation", "document", "documentation-1"),
      "tech_writer",
      CAREFUL,
      0.85,
      true,
      "easy to document",
    ),
  ];
  const stamped = (points: KnowledgePoint[], from: number) =>
    points.map((p, i) => ({ ...p, payload: { ...p.payload, timestamp: at(from + i) } }));
  return { ballots: stamped(ballots, 10), ratings: stamped(ratings, 30) };
}
