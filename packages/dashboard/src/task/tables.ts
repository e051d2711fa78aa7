import type { ContextRef, ModelChoice } from "@flotilla/contracts";
import { fixed, html, type Html } from "../html.ts";
import { table, type Column } from "../html/table.ts";
import type { BallotRecord, RatingRecord } from "./records.ts";

/** Model text kept as written (its line breaks), in an element of its own so markup whitespace stays out. */
const prose = (text: string) => html`<div class="prose">${text}</div>`;

const bullets = (items: string[]) =>
  items.length
    ? html`<ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>`
    : "";

const MODEL = { class: "model" };

const BALLOT_COLUMNS: Column<BallotRecord>[] = [
  { head: "round", cell: (b) => b.round },
  { head: "attempt", cell: (b) => b.attempt },
  { head: "agent", cell: (b) => b.agent },
  { head: "model", cell: (b) => `${b.provider}/${b.model}`, td: MODEL },
  { head: "vote", cell: (b) => html`<span class="vote ${b.vote}">${b.vote}</span>` },
  { head: "confidence", cell: (b) => fixed(b.confidence) },
  {
    head: "rationale",
    cell: (b) => html`${prose(b.rationale)}${bullets(b.suggested_improvements)}`,
    td: { class: "rationale" },
  },
];

/** Every ballot of the step: round, attempt, agent, model, vote, confidence, rationale. */
export const ballots = (list: BallotRecord[]): Html =>
  table(BALLOT_COLUMNS, list, {
    class: "ballots",
    empty: "No ballot recorded.",
    tr: (b) => ({ class: b.chosen ? "chosen" : undefined }),
  });

const RATING_COLUMNS: Column<RatingRecord>[] = [
  { head: "round", cell: (r) => r.rated_round },
  { head: "from", cell: (r) => r.from_team },
  { head: "rater", cell: (r) => r.rating_agent },
  { head: "model", cell: (r) => `${r.rating_provider}/${r.rating_model}`, td: MODEL },
  { head: "approved", cell: (r) => (r.approved ? "yes" : "no") },
  { head: "overall", cell: (r) => fixed(r.ratings.overall) },
  {
    head: "feedback",
    cell: (r) => html`${r.feedback}${bullets(r.issues_found.map((i) => `${i.severity}: ${i.description}`))}`,
  },
];

/** The ratings another team gave the step's work, with the rater's model. */
export const ratings = (list: RatingRecord[]): Html =>
  table(RATING_COLUMNS, list, { class: "ratings", empty: "No rating received (yet)." });

/** The knowledge the author was given, cited as [K1], [K2], … in its prompt. */
export function context(refs: ContextRef[]): Html {
  if (refs.length === 0) return html`<p class="muted">No retrieved context.</p>`;
  return html`<ol class="context">
    ${refs.map(
      (ref, i) =>
        html`<li>
          <strong>[K${i + 1}]</strong>
          <code>${ref.collection}</code>${ref.source ? html` <code>${ref.source}</code>` : ""}
          ${ref.heading_path?.length ? html`<span class="muted">${ref.heading_path.join(" › ")}</span>` : ""}
          <span class="muted">score ${fixed(ref.score, 3)}</span>
          <blockquote>${ref.excerpt}</blockquote>
        </li>`,
    )}
  </ol>`;
}

// Only worth listing when there was a choice to make.
const candidates = (c: ModelChoice) =>
  c.candidates.length > 1
    ? bullets(
        c.candidates.map(
          (k) => `${k.provider}/${k.model}: n ${k.n}, quality ${fixed(k.quality)}, latency ${k.latency_ms ?? "—"} ms`,
        ),
      )
    : "";

const CHOICE_COLUMNS: Column<ModelChoice>[] = [
  { head: "agent", cell: (c) => c.agent },
  { head: "role", cell: (c) => c.role },
  { head: "model", cell: (c) => `${c.provider}/${c.model}`, td: MODEL },
  { head: "strategy", cell: (c) => c.strategy },
  { head: "why", cell: (c) => html`${c.reason}${candidates(c)}` },
];

/** Which model served each agent, and why (MODEL_SELECTION_STRATEGY). */
export const choices = (list: ModelChoice[]): Html =>
  table(CHOICE_COLUMNS, list, { class: "choices", empty: "No model choice recorded." });
