import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { busInternals } from "@flotilla/bus/internals";
import { submitTask } from "@flotilla/cli";
import { freePort, waitUntil } from "@flotilla/infra";
import { WorkflowState } from "@flotilla/team-leadership/state";
import { launchChromium } from "../support/chromium.ts";
import { startDashboardCli, type DashboardCli } from "../support/dashboard.ts";
import { ROOT, startFleet, type Fleet } from "../support/fleet.ts";

const ARTIFACTS = process.env.FLOTILLA_TEST_ARTIFACTS ?? join(ROOT, ".flotilla", "test-artifacts", "dashboard");
const XSS = "<script>window.__xss=1</script>";
const STEPS = [
  "leadership plan",
  "development implement",
  "qa test",
  "documentation document",
  "devops deploy",
  "leadership signoff",
];

let fleet: Fleet;
let dashboard: DashboardCli;
let browser: Browser;
let taskId = "";

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

/**
 * In the page (a string: this file is typed for Node, not the DOM): records, for every row of the
 * task list, each text its status and "where" cells show as the DOM changes, and marks the
 * window, so a reload would lose the mark.
 */
const RECORD_ROWS = `(() => {
  const seen = {};
  window.__seen = seen;
  window.__noReload = true;
  const record = () => {
    for (const row of document.querySelectorAll("#tasks tr[data-task]")) {
      const text = row.querySelector(".status").textContent.trim() + " | " + row.querySelector(".step").textContent.trim();
      const list = (seen[row.dataset.task] ??= []);
      if (list.at(-1) !== text) list.push(text);
    }
  };
  new MutationObserver(record).observe(document.getElementById("tasks"), { childList: true, subtree: true, characterData: true });
})()`;

/** Evaluates an expression in the page, typed as the caller expects. */
const read = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  console.log(`dashboard screenshots: ${ARTIFACTS}`);
  // Slow enough model calls that every step is on screen for a moment.
  fleet = await startFleet({ env: { SIMULATED_LATENCY_MS: "150" } });
  await fleet.knowledge.upsert("coding_standards", [
    {
      id: randomUUID(),
      text: "Slug helpers lowercase the text, trim it and join the words with dashes; test them with node --test.",
      payload: {
        kind: "markdown",
        source: "CODING.md",
        heading_path: ["Helpers", "Slugs"],
        text: "Slug helpers lowercase the text, trim it and join the words with dashes; test them with node --test.",
      },
    },
  ]);
  dashboard = await startDashboardCli({ ...fleet.env, FLOTILLA_DASHBOARD_PORT: String(await freePort()) });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  await fleet?.stop();
});

describe("the dashboard in a real browser", () => {
  it("shows a task submitted while the list is open, live through every step, without a reload", async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/tasks`);
    await expect.poll(() => read<string>(page, `document.getElementById("live-state").textContent`)).toBe("live");
    await page.evaluate(RECORD_ROWS);
    const outcome = submitTask(
      fleet.bus,
      "Add a slugify(text) helper that lowercases, trims and joins words with dashes",
      {
        timeoutMs: 120_000,
        onSubmitted: (id) => (taskId = id),
      },
    );
    await waitUntil(async () => taskId !== "", "the task id");
    await page.waitForSelector(`tr[data-task="${taskId}"]`, { timeout: 30_000 });
    await shot(page, "tasks-live.png");
    expect((await outcome)?.status).toBe("completed");
    await expect
      .poll(
        () => read<string>(page, `document.querySelector('tr[data-task="${taskId}"] .status').textContent.trim()`),
        {
          timeout: 15_000,
        },
      )
      .toBe("completed");
    const seen = await read<string[]>(page, `window.__seen[${JSON.stringify(taskId)}] ?? []`);
    console.log(`live row of ${taskId}:\n  ${seen.join("\n  ")}`);
    for (const step of STEPS)
      expect(
        seen.some((s) => s.startsWith("running | ") && s.includes(step)),
        step,
      ).toBe(true);
    expect(seen.at(-1)).toMatch(/^completed \| /);
    expect(await read<boolean>(page, "window.__noReload === true")).toBe(true);
    await shot(page, "tasks-done.png");
    await page.close();
  }, 180_000);

  it("shows a step's ballots with model and rationale, the ratings it received and the context it cited", async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/tasks/${taskId}`);
    const plan = page.locator("#step-plan");
    const ballots = plan.locator("table.ballots tbody tr");
    expect(await ballots.count()).toBeGreaterThanOrEqual(3);
    expect(await ballots.first().locator(".model").textContent()).toMatch(/\S+\/\S+/);
    expect((await ballots.first().locator(".rationale").textContent())?.trim().length).toBeGreaterThan(10);
    const ratings = plan.locator("table.ratings tbody tr");
    expect(await ratings.count()).toBeGreaterThanOrEqual(1);
    expect(await ratings.first().textContent()).toContain("development");
    const cited = page.locator("section.step ol.context li", { hasText: "CODING.md" });
    expect(await cited.count()).toBeGreaterThanOrEqual(1);
    expect(await cited.first().textContent()).toContain("Slug helpers lowercase");
    await expect.poll(() => page.locator("section.step table.ballots").count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator("#diff pre.diff .add").count()).toBeGreaterThan(0);
    expect(await page.locator("details.run").count()).toBeGreaterThanOrEqual(1);
    // The task's model usage (KV ledger): a line per team, agent and model, then the total.
    await expect
      .poll(async () => (await page.reload(), page.locator("#ledger table.ledger tbody tr").count()))
      .toBeGreaterThanOrEqual(2);
    expect(await page.locator("#ledger table.ledger tbody tr").last().textContent()).toContain("total");
    await shot(page, "task.png");
    await page.close();
  }, 60_000);

  it("draws the documentation's Mermaid diagram as SVG", async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/tasks/${taskId}`);
    await page.waitForSelector("pre.mermaid svg", { timeout: 20_000 });
    expect(await page.locator("pre.mermaid svg").count()).toBeGreaterThanOrEqual(1);
    await page
      .locator("pre.mermaid svg")
      .first()
      .screenshot({ path: join(ARTIFACTS, "mermaid.png") });
    await page.close();
  }, 60_000);

  it("shows a task and a ballot carrying a script as text, and runs none of it", async () => {
    const outcome = await submitTask(fleet.bus, `Add a greet(name) helper ${XSS} that says hello`, {
      timeoutMs: 120_000,
    });
    expect(outcome?.task_id).toBeDefined();
    const id = outcome!.task_id;
    const rationale = `Looks fine ${XSS}<img src=x onerror="window.__xss=2">`;
    await fleet.knowledge.upsert("team_votes", [
      {
        id: randomUUID(),
        text: rationale,
        payload: {
          kind: "ballot",
          task_id: id,
          team: "leadership",
          step: "plan",
          round: 1,
          attempt: 1,
          agent: "mallory",
          provider: "simulated",
          model: "sim:evil",
          vote: "approve",
          confidence: 0.9,
          rationale,
          suggested_improvements: [XSS],
        },
      },
    ]);
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/tasks`);
    await expect.poll(() => page.locator(`tr[data-task="${id}"] .desc`).textContent()).toContain(XSS);
    await page.goto(`${dashboard.url}/tasks/${id}`);
    expect(await page.locator(".description").textContent()).toContain(XSS);
    const injected = page.locator("#step-plan table.ballots tr", { hasText: "mallory" });
    expect(await injected.locator(".rationale").textContent()).toContain(`${XSS}<img src=x onerror="window.__xss=2">`);
    await page.waitForTimeout(500);
    expect(await read<string>(page, "typeof window.__xss")).toBe("undefined");
    expect(await page.locator("img[src=x]").count()).toBe(0);
    await shot(page, "xss.png");
    await page.close();
  }, 180_000);

  it("lists dead letters with their reason, and shows one with its original as text", async () => {
    const { nc } = busInternals(fleet.bus);
    nc.publish("system.task.request", new TextEncoder().encode(`{not json ${XSS}`));
    await nc.flush();
    const page = await browser.newPage();
    const rows = page.locator("table.dlq tbody tr", { hasText: "invalid_json" });
    await expect
      .poll(async () => (await page.goto(`${dashboard.url}/dlq`), rows.count()), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1);
    expect(await rows.first().textContent()).toContain("system.task.request");
    await rows.first().locator("a").first().click();
    expect(await page.locator("pre").last().textContent()).toBe(`{not json ${XSS}`);
    expect(await read<string>(page, "typeof window.__xss")).toBe("undefined");
    await shot(page, "dlq.png");
    await page.close();
  }, 60_000);

  it("renders a list of 1,000 tasks (figure printed, not asserted)", async () => {
    const now = Date.now();
    const ids = Array.from({ length: 1_000 }, () => randomUUID());
    for (let i = 0; i < ids.length; i += 100)
      await Promise.all(
        ids.slice(i, i + 100).map((id, j) => {
          const at = new Date(now - (i + j) * 60_000).toISOString();
          const state = WorkflowState.parse({
            task_id: id,
            description: `Seeded task ${i + j}: add helper number ${i + j} with tests and docs`,
            correlation_id: id,
            status: (i + j) % 7 === 0 ? "failed" : "completed",
            phase: "ended",
            current_step: "signoff",
            started_at: at,
            updated_at: at,
            finished_at: new Date(Date.parse(at) + 4_000).toISOString(),
            simulated: true,
          });
          return fleet.bus.putJson("workflow_state", id, state);
        }),
      );
    await waitUntil(
      async () => (await fetch(`${dashboard.url}/tasks/${ids.at(-1)}/row`)).ok,
      "the dashboard to index them",
    );
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/tasks`, { waitUntil: "load" });
    const rows = await page.locator("#tasks tr").count();
    expect(rows).toBeGreaterThanOrEqual(1_000);
    await expect.poll(() => read<number | null>(page, "window.__dashboardPainted ?? null")).not.toBeNull();
    const figures = await read<{ response: number; ready: number; painted: number; bytes: number }>(
      page,
      `(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return { response: nav.responseEnd, ready: window.__dashboardReady, painted: window.__dashboardPainted, bytes: nav.transferSize };
      })()`,
    );
    console.log(
      `1,000 tasks: ${rows} rows on screen ${figures.painted.toFixed(0)} ms after navigation start ` +
        `(HTML ${(figures.bytes / 1024).toFixed(0)} KB received at ${figures.response.toFixed(0)} ms, ` +
        `parsed and the client script ready at ${figures.ready.toFixed(0)} ms, then laid out and painted)`,
    );
    await page.fill("#task-filter input[name=q]", "helper number 99");
    expect(await page.locator("#tasks tr:not([hidden])").count()).toBeGreaterThanOrEqual(1);
    await shot(page, "tasks-1000.png");
    await page.close();
  }, 120_000);
});
