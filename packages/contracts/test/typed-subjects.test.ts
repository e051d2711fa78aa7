import { describe, expect, expectTypeOf, it } from "vitest";
import {
  catalogueEntry,
  DURABLES,
  subjectMatches,
  type CodeReady,
  type MessageInput,
  type MessageOf,
  type Subject,
} from "@flotilla/contracts";

describe("the subject catalogue as types", () => {
  it("gives each subject the message it carries", () => {
    expectTypeOf<MessageOf<"development.code.ready">>().toEqualTypeOf<CodeReady>();
    expectTypeOf<"team.qa.health">().toExtend<Subject>();
    expectTypeOf<"dlq.qa.handler_failed">().toExtend<Subject>();
    expectTypeOf<"qa.nonsense">().not.toExtend<Subject>();
    // A CodeReady is not what qa.approved carries.
    expectTypeOf<CodeReady>().not.toExtend<MessageInput<"qa.approved">>();
  });

  it("resolves a prioritized work request with its priority token, and provisions one durable per priority", () => {
    expect(catalogueEntry("qa.test.requested.high")?.message).toBe("TestRequest");
    expect(catalogueEntry("qa.test.requested.urgent")).toBeUndefined();
    expect(catalogueEntry("qa.approved.high")).toBeUndefined();
    expect(DURABLES.filter((d) => d.team === "qa").map((d) => d.subject)).toEqual([
      "qa.test.requested.high",
      "qa.test.requested.medium",
      "qa.test.requested.low",
    ]);
  });
});

describe("NATS subject matching", () => {
  it("takes `*` as one token and a final `>` as one or more, as the server does", () => {
    expect(subjectMatches("team.*.health", "team.qa.health")).toBe(true);
    expect(subjectMatches("team.*.health", "team.qa.x.health")).toBe(false);
    expect(subjectMatches("dlq.>", "dlq.qa.handler_failed")).toBe(true);
    expect(subjectMatches("dlq.>", "dlq")).toBe(false);
    expect(subjectMatches("system.task", "system.task.request")).toBe(false);
  });
});
