import { describe, expectTypeOf, it } from "vitest";
import type { Approval, CodeReady, TestRequest } from "@flotilla/contracts";
import type { Bus, Delivery } from "../src/index.ts";

/**
 * Compile-time checks only (never called): `tsc` over the repo fails if the bus stops tying a
 * subject to its message type, because an unused `@ts-expect-error` is itself an error.
 */
function publishChecks(bus: Bus, code: CodeReady, approval: Approval) {
  void bus.publish("qa.approved", approval);
  void bus.publish("development.code.ready", code);
  // @ts-expect-error a CodeReady is not an Approval
  void bus.publish("qa.approved", code);
  // @ts-expect-error not a catalogue subject
  void bus.publish("qa.approve", approval);
  void bus.consume({
    subject: "qa.test.requested",
    handler: async (request, delivery) => {
      expectTypeOf(request).toEqualTypeOf<TestRequest>();
      expectTypeOf(delivery).toEqualTypeOf<Delivery>();
    },
  });
  void bus.consume({
    subject: "qa.approved",
    // @ts-expect-error qa.approved carries an Approval, not a CodeReady
    handler: async (_ready: CodeReady) => undefined,
  });
}

describe("typed publish and consume", () => {
  it("ties each subject to the message type the catalogue names (checked by tsc)", () => {
    expectTypeOf(publishChecks).toBeFunction();
  });
});
