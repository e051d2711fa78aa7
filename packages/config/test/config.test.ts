import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, ConfigSchema, loadConfig } from "@flotilla/config";

describe("configuration", () => {
  it("has defaults for everything and treats empty as unset", () => {
    const c = loadConfig({ TEAM_VOTING_MIN_CONSENSUS: "" });
    expect(c).toMatchObject({
      NATS_URL: "nats://127.0.0.1:4222",
      TEAM_VOTING_MAX_ATTEMPTS: 3,
      TEAM_VOTING_MIN_CONSENSUS: 0.66,
      QUALITY_THRESHOLD: 0.7,
      TEAM_HEALTH_INTERVAL_MS: 30_000,
    });
    expect(c.QDRANT_COLLECTIONS).toContain("team_votes");
  });
  it("parses values", () => {
    const c = loadConfig({
      TEAM_VOTING_ENABLED: "false",
      QDRANT_COLLECTIONS: "a, b",
      MODEL_SELECTION_STRATEGY: "balanced",
    });
    expect(c.TEAM_VOTING_ENABLED).toBe(false);
    expect(c.QDRANT_COLLECTIONS).toEqual(["a", "b"]);
  });
  it("stops with a message naming each invalid variable, never echoing a secret", () => {
    let err: unknown;
    try {
      loadConfig({
        TEAM_VOTING_MIN_CONSENSUS: "1.5",
        NATS_URL: "localhost",
        MCP_QA_ENABLED: "maybe",
        QDRANT_API_KEY: "",
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variables.sort()).toEqual(["MCP_QA_ENABLED", "NATS_URL", "TEAM_VOTING_MIN_CONSENSUS"]);
    expect((err as Error).message).toMatch(/TEAM_VOTING_MIN_CONSENSUS="1.5"/);
  });

  it("is documented variable by variable, with its default, in .bashrc.d.agents.example", () => {
    const text = readFileSync(resolve(import.meta.dirname, "../../../.bashrc.d.agents.example"), "utf8");
    const defaults = loadConfig({});
    for (const key of Object.keys(ConfigSchema.shape)) {
      const m = new RegExp(`^export ${key}="([^"]*)"`, "m").exec(text);
      expect(m, key).not.toBeNull();
      const value = (defaults as Record<string, unknown>)[key];
      const shown = Array.isArray(value) ? value.join(",") : String(value);
      if (m![1] !== "") expect(m![1], key).toBe(shown);
    }
  });
});
