import type { StepRecord } from "@flotilla/team-leadership/state";
import { fixed, html, percent, unavailable, type Html } from "../html.ts";
import { renderObject } from "./artifact.ts";
import { refKey, type TaskView } from "./load.ts";
import { ballotsOf, ratingsOf } from "./records.ts";
import { renderRuns } from "./runs.ts";
import type { StepView } from "./steps.ts";
import { ballots, choices, context, ratings } from "./tables.ts";

function summary(record: StepRecord): Html {
  const v = record.vote;
  const by = record.produced_by;
  const given = record.rating_given;
  const rated = given
    ? `; rated ${given.to_team} ${fixed(given.overall)} ${given.approved ? "approved" : "not approved"}`
    : "";
  return html`<p>
    by ${by.agent} on <span class="model">${by.provider}/${by.model}</span>; vote ${v.outcome} on attempt
    ${v.chosen_attempt}/${v.attempts}, ${v.ballots} ballots, approval ${percent(v.approval_ratio)} weighted
    (${percent(v.head_count_ratio)} head count)${v.single_provider ? ", one provider only" : ""}${rated}
  </p>`;
}

const section = (title: string, body: Html, open = true) =>
  html`<details class="section" ${open ? "open" : ""}>
    <summary>${title}</summary>
    ${body}
  </details>`;

/** One step in full: what it produced and how the team agreed on it. */
export function renderStep(view: TaskView, step: StepView): Html {
  const { records, objects } = view;
  const record = step.record;
  const own = Array.isArray(records.ballots) ? ballotsOf(records.ballots, step.team, step.step, step.packet_id) : [];
  const received = Array.isArray(records.ratings)
    ? ratingsOf(records.ratings, step.team, step.step, step.packet_id)
    : [];
  const stored = record ? [record.artifact, ...Object.values(record.extra)] : [];
  const candidate = stored.length
    ? html`${stored.map((ref) => renderObject(objects.get(refKey(ref)) ?? { ref, kind: "artifact", error: "not read" }))}`
    : html`<p class="muted">none stored yet</p>`;
  const votes = records.ballots instanceof Error ? unavailable("ballots", records.ballots) : ballots(own);
  const rated = records.ratings instanceof Error ? unavailable("ratings", records.ratings) : ratings(received);
  const fix = step.feedback.length
    ? html`<p>asked to fix:</p>
        <ul>
          ${step.feedback.map((f) => html`<li>${f}</li>`)}
        </ul>`
    : "";
  return html`<section class="step" id="step-${step.key}" data-step-key="${step.key}">
    <h3>
      ${step.team} · ${step.step}${step.packet_id ? html` · ${step.packet_id}` : ""} — ${step.title}
      <span class="status ${step.status}">${step.status}</span>
    </h3>
    ${record ? summary(record) : html`<p class="muted">No accepted result yet.</p>`}
    ${step.reason ? html`<p class="reason">${step.reason}</p>` : ""} ${fix} ${section("Candidate", candidate)}
    ${section(`Ballots (${own.length})`, votes)} ${section(`Ratings received (${received.length})`, rated)}
    ${section(`Cited context (${record?.context.length ?? 0})`, context(record?.context ?? []))}
    ${section(`Sandboxed runs (${record?.runs.length ?? 0})`, renderRuns(record?.runs ?? [], objects))}
    ${section("Model choices", choices(record?.model_choices ?? []), false)}
  </section>`;
}
