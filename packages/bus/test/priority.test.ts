import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DURABLES,
  durableName,
  PRIORITIES,
  prioritySubject,
  SUBJECTS,
  type SubjectEntry,
  type TestRequest,
} from "@flotilla/contracts";
import type { Delivery } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { durablesFor } from "../src/consume.ts";
import { busFactory, natsFixture, sleep, testRequest, waitFor } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);

beforeAll(async () => {
  nats = await natsFixture();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

const label = (m: TestRequest) => m.workflow.task_description;
const limits = { ackWaitMs: 30_000, maxDeliver: 5 };

describe("prioritized work requests", () => {
  it("consume the durables provisioning creates, one per priority, high first", () => {
    const rows: readonly SubjectEntry[] = SUBJECTS;
    expect(rows.filter((r) => r.prioritized).length).toBeGreaterThan(0);
    for (const row of rows.filter((r) => r.prioritized)) {
      for (const team of row.durables ?? []) {
        const provisioned = DURABLES.filter((d) => d.team === team && d.subject.startsWith(`${row.subject}.`));
        const byDefault = durablesFor(team, row.subject, undefined, limits).plans;
        // What the team runtime passes today, `durableName(team, subject)`, names the same durables.
        const byName = durablesFor(team, row.subject, durableName(team, row.subject), limits).plans;
        const expected = PRIORITIES.map((p) => prioritySubject(row.subject, p)).map((subject) => ({
          subject,
          durable: durableName(team, subject),
        }));
        expect(byDefault.map(({ subject, durable }) => ({ subject, durable }))).toEqual(expected);
        expect(byName.map(({ subject, durable }) => ({ subject, durable }))).toEqual(expected);
        expect(provisioned.map((d) => ({ subject: d.subject, durable: durableName(d.team, d.subject) }))).toEqual(
          expected,
        );
      }
    }
  });

  // First to publish in this file: the provisioned QA durables hold nothing else yet.
  it("published before the team first consumes are all handled, high first", async () => {
    const leadership = await buses.bus({ team: "leadership" });
    await leadership.provision(); // creates every team's durables, QA's three included
    for (const [name, priority] of [
      ["l1", "low"],
      ["m1", "medium"],
      ["h1", "high"],
      ["l2", "low"],
      ["h2", "high"],
    ] as const) {
      await leadership.publish("qa.test.requested", testRequest(name, priority));
    }
    const qa = await buses.bus({ team: "qa" });
    const handled: Array<[string, string]> = [];
    const sub = await qa.consume({
      subject: "qa.test.requested",
      concurrency: 1,
      handler: async (m, d) => void handled.push([label(m), d.subject]),
    });
    await waitFor("5 handled", () => handled.length === 5);
    expect(handled).toEqual([
      ["h1", "qa.test.requested.high"],
      ["h2", "qa.test.requested.high"],
      ["m1", "qa.test.requested.medium"],
      ["l1", "qa.test.requested.low"],
      ["l2", "qa.test.requested.low"],
    ]);
    await sub.stop();
  });

  it("are stored on <subject>.<priority>, medium when the request names none", async () => {
    const bus = await buses.bus({ team: "leadership" });
    await bus.provision();
    const { jsm } = busInternals(bus);
    const cases = [
      ["high", "qa.test.requested.high"],
      ["low", "qa.test.requested.low"],
      [undefined, "qa.test.requested.medium"],
    ] as const;
    for (const [priority, stored] of cases) {
      const ack = await bus.publish("qa.test.requested", testRequest(`stored-${priority}`, priority));
      expect((await jsm.streams.getMessage("QA", { seq: ack.seq }))?.subject).toBe(stored);
    }
  });

  it("when busy, a high request overtakes the low ones already waiting", async () => {
    const bus = await buses.bus({ team: "qa", instanceId: "busy" });
    await bus.provision();
    const handled: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const sub = await bus.consume({
      subject: "qa.test.requested",
      durable: "busy",
      concurrency: 1,
      handler: async (m) => {
        handled.push(label(m));
        if (handled.length === 1) await gate; // the first one holds the only slot
      },
    });
    await bus.publish("qa.test.requested", testRequest("low-0", "low"));
    await waitFor("first handler", () => handled.length === 1);
    for (let i = 1; i < 10; i++) await bus.publish("qa.test.requested", testRequest(`low-${i}`, "low"));
    await bus.publish("qa.test.requested", testRequest("high", "high"));
    release();
    await waitFor("all 11 handled", () => handled.length === 11);
    expect(handled).toEqual(["low-0", "high", ...Array.from({ length: 9 }, (_, i) => `low-${i + 1}`)]);
    await sub.stop();
  });

  it("go on after a priority's durable is deleted under a running consumer", async () => {
    const bus = await buses.bus({ team: "qa", instanceId: "phoenix" });
    await bus.provision();
    const handled: string[] = [];
    const sub = await bus.consume({
      subject: "qa.test.requested",
      durable: "phoenix",
      handler: async (m) => void handled.push(label(m)),
    });
    const { jsm } = busInternals(bus);
    await jsm.consumers.delete("QA", "phoenix_high");
    // nats-server 2.9 leaves a pull for a missing consumer unanswered: the next re-probe (1 s)
    // times out (3 s) and the consumers are ensured again.
    const back = await waitFor(
      "durable re-created",
      () => jsm.consumers.info("QA", "phoenix_high").catch(() => null),
      10_000,
    );
    expect(back.config.filter_subject).toBe("qa.test.requested.high");
    await bus.publish("qa.test.requested", testRequest("after-delete", "high"));
    await waitFor("message after delete", () => handled.length === 1, 5_000);
    expect(handled).toEqual(["after-delete"]);
    await sub.stop();
  }, 20_000);

  it("are shared by instances on the same durables, none handled twice", async () => {
    const [a, b] = [await buses.bus({ team: "qa", instanceId: "a" }), await buses.bus({ team: "qa", instanceId: "b" })];
    await a.provision();
    const handled: Array<[string, string, Delivery]> = [];
    const handler = (who: string) => async (m: TestRequest, d: Delivery) => {
      handled.push([who, m.message_id, d]);
      await sleep(100);
    };
    const subs = [
      await a.consume({ subject: "qa.test.requested", durable: "shared", concurrency: 1, handler: handler("a") }),
      await b.consume({ subject: "qa.test.requested", durable: "shared", concurrency: 1, handler: handler("b") }),
    ];
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) {
      const request = testRequest(`shared-${i}`, PRIORITIES[i % 3]);
      sent.push(request.message_id);
      await a.publish("qa.test.requested", request);
    }
    await waitFor("6 handled", () => handled.length >= 6);
    await sleep(300);
    expect(handled.map(([, id]) => id).sort()).toEqual([...sent].sort());
    expect(handled.filter(([who]) => who === "a").length).toBeGreaterThanOrEqual(1);
    expect(handled.filter(([who]) => who === "b").length).toBeGreaterThanOrEqual(1);
    expect(handled.every(([, , d]) => d.deliveryCount === 1)).toBe(true); // nothing nak'ed back and forth
    await Promise.all(subs.map((s) => s.stop()));
  });
});
