import { TestRunResult, ValidationReport, type RunSummary, type SandboxRunRecord } from "@flotilla/contracts";
import { duration, html, type Html } from "../html.ts";
import { refKey, type StoredObject } from "./load.ts";

const output = (label: string, out: SandboxRunRecord["stdout"]) =>
  out.text
    ? html`<p class="muted">${label}${out.truncated ? " (its end)" : ""}</p>
        <pre class="output">${out.text}</pre>`
    : "";

function testRun(result: TestRunResult): Html {
  return html`<p>
      <code>${result.command || "(no test command)"}</code> from ${result.source}: ${result.passed}/${result.total}
      passed, ${result.failed} failed, ${result.skipped} skipped (${result.report}, exit
      ${result.exitCode ?? result.signal}) ${result.message ? html`— ${result.message}` : ""}
    </p>
    ${
      result.failing.length
        ? html`<ul>
            ${result.failing.map((f) => html`<li><code>${f.name}</code>: ${f.message}</li>`)}
          </ul>`
        : ""
    }
    ${result.output ? html`<pre class="output">${result.output}</pre>` : ""}`;
}

function validation(report: ValidationReport): Html {
  return html`<ol class="stages">
    ${report.stages.map(
      (stage) =>
        html`<li>
          <span class="verdict ${stage.status}">${stage.name} ${stage.status}</span> ${stage.detail}
          ${
            stage.run
              ? html`<p>
                    <code>${stage.run.command}</code>, exit ${stage.run.exit_code ?? stage.run.signal},
                    ${duration(stage.run.duration_ms)}
                  </p>
                  ${output("stdout", stage.run.stdout)}${output("stderr", stage.run.stderr)}`
              : ""
          }
          ${stage.tests ? testRun(stage.tests) : ""}
        </li>`,
    )}
  </ol>`;
}

/** A run's whole record, read from `test_artifacts`: a validation report, a test run, or its JSON. */
function record(obj: StoredObject | undefined): Html {
  if (!obj) return html`<p class="muted">no record kept</p>`;
  if (obj.text === undefined) return html`<p class="unavailable">${obj.error}</p>`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(obj.text);
  } catch {
    return html`<pre class="output">${obj.text}</pre>`;
  }
  const report = ValidationReport.safeParse(parsed);
  if (report.success) return validation(report.data);
  const run = TestRunResult.safeParse(parsed);
  if (run.success) return testRun(run.data);
  return html`<pre class="output">${JSON.stringify(parsed, null, 2)}</pre>`;
}

/** The step's sandboxed runs: the verdict in a line, then what the sandbox printed. */
export function renderRuns(runs: RunSummary[], objects: Map<string, StoredObject>): Html {
  if (runs.length === 0) return html`<p class="muted">No sandboxed run for this step.</p>`;
  return html`${runs.map(
    (run) =>
      html`<details class="run" open>
        <summary>
          <span class="verdict ${run.verdict}">${run.kind} ${run.verdict}</span> ${run.passed}/${run.total} passed,
          ${run.failed} failed — <code>${run.command}</code>, exit ${run.exit_code ?? run.signal ?? "—"},
          ${duration(run.duration_ms)}${run.limit_hit ? html`, stopped by ${run.limit_hit}` : ""}
        </summary>
        ${run.location ? record(objects.get(refKey(run.location))) : html`<p class="muted">no record kept</p>`}
      </details>`,
  )}`;
}
