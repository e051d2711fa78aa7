import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { httpError, startFakeOpenAI, type FakeOpenAI } from "@flotilla/models/testing";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";

const KEY = "sk-test-revoked-0a1b2c3d";
let fleet: Fleet;
let openai: FakeOpenAI;
let client: Client;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  openai.fallback(
    httpError(401, { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" }),
  );
  fleet = await startFleet({
    env: { FLOTILLA_PROVIDER: "auto", OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${openai.url}/v1`, OLLAMA_BASE_URL: "" },
  });
  client = await fleet.mcpClient();
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await openai?.close();
});

describe("when every provider of an agent fails", () => {
  it("the task is failed with a reason a person can act on, visible through task_status", async () => {
    const o = await runTask(fleet, "Add a wrap helper", 60_000);
    expect(o.status).toBe("failed");
    const reason = o.status === "failed" ? o.reason : "";
    expect(reason).toMatch(/every provider failed/);
    expect(reason).toMatch(/OPENAI_API_KEY/);
    expect(reason).not.toContain(KEY);
    const status = await client.callTool({ name: "task_status", arguments: { task_id: o.task_id } });
    const sc = status.structuredContent as { status: string; state: { reason: string } };
    expect(sc.status).toBe("failed");
    expect(sc.state.reason).toMatch(/OPENAI_API_KEY/);
    // A bad key is permanent: each agent tried once, no retry storm.
    expect(openai.requests.length).toBeLessThanOrEqual(3);
  });
});
