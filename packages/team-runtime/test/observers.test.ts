import { describe, expect, it } from "vitest";
import { logFields, withLogFields, type Logger } from "@flotilla/log";
import { forObservers } from "../src/observers.ts";

const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
const log = { warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) };
const afterTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("forObservers", () => {
  it("sends after the current turn, in the order asked, each in the task it was asked for", async () => {
    const sent: string[] = [];
    withLogFields({ task_id: "task-a" }, () =>
      forObservers(log as unknown as Logger, "progress", {}, () => sent.push(`1 ${logFields().task_id}`)),
    );
    withLogFields({ task_id: "task-b" }, () =>
      forObservers(log as unknown as Logger, "progress", {}, () => sent.push(`2 ${logFields().task_id}`)),
    );
    forObservers(log as unknown as Logger, "progress", {}, () => sent.push(`3 ${logFields().task_id}`));
    expect(sent).toEqual([]); // the step goes on first
    await afterTurn();
    expect(sent).toEqual(["1 task-a", "2 task-b", "3 undefined"]);
  });

  it("logs a send that fails, with its fields, and still sends the others", async () => {
    const sent: number[] = [];
    forObservers(log as unknown as Logger, "completion", { task_id: "t" }, () => {
      throw new Error("refusing to publish an invalid TeamCompletion");
    });
    forObservers(log as unknown as Logger, "completion", {}, () => sent.push(2));
    await afterTurn();
    expect(sent).toEqual([2]);
    expect(warnings).toEqual([
      {
        fields: { task_id: "t", err: "refusing to publish an invalid TeamCompletion" },
        message: "could not publish completion",
      },
    ]);
  });
});
