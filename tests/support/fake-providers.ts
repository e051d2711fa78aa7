import {
  answer,
  simulatedOutput,
  startFakeAnthropic,
  startFakeOpenAI,
  type FakeAnthropic,
  type FakeOpenAI,
} from "@flotilla/models/testing";

/** Who asked: the runtime names agent, role and team at the top of every system prompt. */
export function callerOf(system: string): { team: string; agent: string } {
  const m = /agent (\w+)\) of the (\w+) team/.exec(system);
  return { agent: m?.[1] ?? "unknown", team: m?.[2] ?? "unknown" };
}

/** A valid answer for a schema, labelled as coming from a fake provider (not the simulated one). */
function answerFor(label: string, schemaName: string, system: string, prompt: string): unknown {
  const { team, agent } = callerOf(system);
  const kind = schemaName === "Ballot" ? "vote" : schemaName === "Rating" ? "rate" : "draft";
  const out = simulatedOutput(
    schemaName,
    {
      team,
      agent,
      role: agent,
      kind,
      step: "fake",
      // Code and tests must name the same module, so they are written for one fixed task (their
      // prompts differ); the rest varies with the prompt (a directive in it still applies).
      taskText: schemaName === "CodeBundle" || schemaName === "TestSuite" ? "Add a helper" : prompt,
      attempt: 1,
      round: 1,
    },
    "sim-1",
    prompt,
  );
  if (typeof out.summary === "string") out.summary = out.summary.replace("[simulated]", `[${label}]`);
  if ("simulated" in out) out.simulated = false;
  return out;
}

type Msg = { role: string; content: string };

/** Answers a call itself (a scripted implementation, say), or undefined for the default answer. */
export type Override = (
  schemaName: string,
  prompt: string,
  caller: { team: string; agent: string; model: string },
) => unknown;

/** A fake OpenAI server answering every chat completion with valid work for the requested schema. */
export async function fakeOpenAIProvider(override?: Override): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  fake.fallback((req) => {
    const body = req.body as { model: string; messages: Msg[]; response_format: { json_schema: { name: string } } };
    const system = body.messages.find((m) => m.role === "system")?.content ?? "";
    const prompt = body.messages
      .filter((m) => m.role === "user")
      .map((m) => m.content)
      .join("\n");
    const schemaName = body.response_format.json_schema.name;
    const scripted = override?.(schemaName, prompt, { ...callerOf(system), model: body.model });
    return answer(JSON.stringify(scripted ?? answerFor("fake openai", schemaName, system, prompt)));
  });
  return fake;
}

/** The same for Anthropic's Messages API (forced tool = the schema). */
export async function fakeAnthropicProvider(): Promise<FakeAnthropic> {
  const fake = await startFakeAnthropic();
  fake.fallback((req) => {
    const body = req.body as { system: string; messages: Msg[]; tool_choice: { name: string } };
    const prompt = body.messages
      .filter((m) => m.role === "user")
      .map((m) => m.content)
      .join("\n");
    return { answer: answerFor("fake anthropic", body.tool_choice.name, body.system, prompt) };
  });
  return fake;
}
