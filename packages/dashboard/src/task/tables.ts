import type { ContextRef, ModelChoice } from "@flotilla/contracts";
import { fixed, html, type Html } from "../html.ts";
import type { BallotRecord, RatingRecord } from "./records.ts";

/** Model text kept as written (its line breaks), in an element of its own so markup whitespace stays out. */
const prose = (text: string) => html`<div class="prose">${text}</div>`;

const bullets = (items: string[]) =>
  items.length
    ? html`<ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>`
    : "";

/** Every ballot of the step: round, attempt, agent, model, vote, confidence, rationale. */
export function ballots(list: BallotRecord[]): Html {
  if (list.length === 0) return html`<p class="muted">No ballot recorded.</p>`;
  return html`<table class="ballots">
    <thead>
      <tr>
        <th>round</th>
        <th>attempt</th>
        <th>agent</th>
        <th>model</th>
        <th>vote</th>
        <th>confidence</th>
        <th>rationale</th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (b) =>
          html`<tr class="${b.chosen ? "chosen" : ""}">
            <td>${b.round}</td>
            <td>${b.attempt}</td>
            <td>${b.agent}</td>
            <td class="model">${b.provider}/${b.model}</td>
            <td><span class="vote ${b.vote}">${b.vote}</span></td>
            <td>${fixed(b.confidence)}</td>
            <td class="rationale">${prose(b.rationale)}${bullets(b.suggested_improvements)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The ratings another team gave the step's work, with the rater's model. */
export function ratings(list: RatingRecord[]): Html {
  if (list.length === 0) return html`<p class="muted">No rating received (yet).</p>`;
  return html`<table class="ratings">
    <thead>
      <tr>
        <th>round</th>
        <th>from</th>
        <th>rater</th>
        <th>model</th>
        <th>approved</th>
        <th>overall</th>
        <th>feedback</th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (r) =>
          html`<tr>
            <td>${r.rated_round}</td>
            <td>${r.from_team}</td>
            <td>${r.rating_agent}</td>
            <td class="model">${r.rating_provider}/${r.rating_model}</td>
            <td>${r.approved ? "yes" : "no"}</td>
            <td>${fixed(r.ratings.overall)}</td>
            <td>
              ${r.feedback}${
                r.issues_found.length
                  ? html`<ul>
                      ${r.issues_found.map((i) => html`<li>${i.severity}: ${i.description}</li>`)}
                    </ul>`
                  : ""
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

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

/** Which model served each agent, and why (MODEL_SELECTION_STRATEGY). */
export function choices(list: ModelChoice[]): Html {
  if (list.length === 0) return html`<p class="muted">No model choice recorded.</p>`;
  return html`<table class="choices">
    <thead>
      <tr>
        <th>agent</th>
        <th>role</th>
        <th>model</th>
        <th>strategy</th>
        <th>why</th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (c) =>
          html`<tr>
            <td>${c.agent}</td>
            <td>${c.role}</td>
            <td class="model">${c.provider}/${c.model}</td>
            <td>${c.strategy}</td>
            <td>
              ${c.reason}${
                c.candidates.length > 1
                  ? html`<ul>
                      ${c.candidates.map(
                        (k) =>
                          html`<li>
                            ${k.provider}/${k.model}: n ${k.n}, quality ${fixed(k.quality)}, latency
                            ${k.latency_ms ?? "—"} ms
                          </li>`,
                      )}
                    </ul>`
                  : ""
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
