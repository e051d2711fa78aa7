import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseInstances } from "@flotilla/config";

describe("instances per team (FLOTILLA_INSTANCES, up --instances)", () => {
  it("reads team=count pairs, case and spaces aside; empty means one of each", () => {
    expect(parseInstances("development=3, QA = 2", "--instances")).toEqual({ development: 3, qa: 2 });
    expect(parseInstances("", "--instances")).toEqual({});
    expect(parseInstances(" , leadership=1,", "--instances")).toEqual({ leadership: 1 });
  });

  it.each([
    ["dev=2", /unknown team "dev" \(expected one of leadership, development, qa, documentation, devops\)/],
    ["development", /"development" is not team=count/],
    ["qa=0", /qa needs a whole number of instances from 1 to 16, not "0"/],
    ["qa=1.5", /not "1\.5"/],
    ["qa=17", /not "17"/],
    ["qa=2,qa=3", /qa is named twice/],
  ])("refuses %s, naming where it came from", (text, why) => {
    expect(() => parseInstances(text, "--instances")).toThrow(why);
    expect(() => parseInstances(text, "--instances")).toThrow(`--instances=${JSON.stringify(text)}: `);
  });

  it("is checked by the config schema, whose error names the variable", () => {
    expect(loadConfig({ FLOTILLA_INSTANCES: " development=2 " }).FLOTILLA_INSTANCES).toBe("development=2");
    expect(loadConfig({}).FLOTILLA_INSTANCES).toBe("");
    let err: unknown;
    try {
      loadConfig({ FLOTILLA_INSTANCES: "development=many" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variables).toEqual(["FLOTILLA_INSTANCES"]);
    expect((err as Error).message).toMatch(/FLOTILLA_INSTANCES="development=many": development needs a whole number/);
  });
});
