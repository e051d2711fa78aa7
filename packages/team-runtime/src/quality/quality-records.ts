import {
  stableId,
  type Producer,
  type QualityDimension,
  type QualityRecord,
  type StepCoordinates,
  type StepName,
  type VoteSummary,
  type WorkRef,
} from "@flotilla/contracts";
import type { Agent } from "../agents.ts";
import type { Point } from "../records.ts";

/** What a sandboxed run measured, and whose work it measured (QA's tests measure development's code). */
export interface Measurement {
  of: "author" | "received";
  source: "validation" | "tests";
  dimensions: QualityRecord["dimensions"];
  evidence: QualityRecord["evidence"];
}

/**
 * A run that measured nothing (no sandbox): each dimension it would have given is recorded as
 * not measured, with why, so no score is invented.
 */
export function notMeasured(
  of: Measurement["of"],
  source: Measurement["source"],
  dimensions: QualityDimension[],
  why: string,
  evidence: Measurement["evidence"],
): Measurement {
  const missing = { value: null, basis: source, missing: why };
  return { of, source, dimensions: Object.fromEntries(dimensions.map((d) => [d, missing])), evidence };
}

/** Where the measured work sits: the step itself, or the work it received. */
interface Place {
  taskId: string;
  taskType: string;
  step: StepName;
  round: number;
  packet?: string;
}

/** A `quality_metrics` point of one source about one producer's work. */
export function qualityPoint(
  place: Place,
  producer: Producer,
  recordedBy: StepCoordinates,
  record: Pick<QualityRecord, "source" | "dimensions" | "evidence">,
): Point {
  const payload: QualityRecord = {
    kind: "quality",
    task_id: place.taskId,
    packet_id: place.packet,
    step: place.step,
    round: place.round,
    task_type: place.taskType,
    team: producer.team,
    agent: producer.agent,
    role: producer.role ?? producer.agent,
    provider: producer.provider,
    model: producer.model,
    simulated: producer.simulated,
    recorded_by: recordedBy.team as QualityRecord["recorded_by"],
    timestamp: new Date().toISOString(),
    ...record,
  };
  const c = recordedBy;
  return {
    id: stableId("quality", record.source, c.taskId, c.team, c.packet ?? "-", c.step, c.round, producer.agent),
    text:
      `${producer.team} ${producer.agent} ${producer.provider}/${producer.model} ${place.step} ${place.taskType} ` +
      `${record.source}: ${Object.entries(record.dimensions)
        .map(([name, d]) => `${name} ${d.value === null ? "not measured" : d.value.toFixed(2)}`)
        .join(", ")}`,
    payload,
  };
}

export interface StepQuality {
  coords: StepCoordinates;
  taskType: string;
  /** The author as it served this step (its usage counts the step's draft, fixes and revisions). */
  author: Agent;
  producer: Producer;
  vote: VoteSummary;
  measurement?: Measurement;
  /** The work this step received (what a `received` measurement is about). */
  received?: WorkRef;
}

/** The step's quality records: the author's usage and vote, and what the sandbox measured. */
export function stepQualityPoints(q: StepQuality): Point[] {
  const own: Place = {
    taskId: q.coords.taskId,
    taskType: q.taskType,
    step: q.coords.step as StepName,
    round: q.coords.round,
    packet: q.coords.packet,
  };
  const { usage } = q.author;
  const points = [
    qualityPoint(own, q.producer, q.coords, {
      source: "usage",
      dimensions: {},
      evidence: {
        calls: usage.calls,
        tokens: usage.tokens,
        latency_ms: Math.round(usage.latencyMs),
        latency_per_call_ms: usage.calls ? Math.round(usage.latencyMs / usage.calls) : null,
      },
    }),
  ];
  if (q.vote.ballots > 0)
    points.push(
      qualityPoint(own, q.producer, q.coords, {
        source: "vote",
        dimensions: {},
        evidence: {
          approval_ratio: q.vote.approval_ratio,
          attempts: q.vote.attempts,
          outcome: q.vote.outcome,
          single_provider: q.vote.single_provider,
        },
      }),
    );
  const m = q.measurement;
  if (m?.of === "author") points.push(qualityPoint(own, q.producer, q.coords, m));
  if (m?.of === "received" && q.received) {
    const r = q.received;
    const place: Place = { ...own, step: r.step, round: r.round, packet: r.packet_id };
    points.push(qualityPoint(place, r.produced_by, q.coords, m));
  }
  return points;
}
