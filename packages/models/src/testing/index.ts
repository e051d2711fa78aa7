/**
 * `@flotilla/models/testing`: stand-ins for real providers, for tests and benchmarks — local
 * HTTP servers speaking each provider's wire protocol (so the official SDKs run unchanged), an
 * in-memory scripted adapter, and the simulated provider's answers. Never part of the main index.
 */
export {
  startFakeOpenAI,
  answer,
  httpError,
  hang,
  type FakeOpenAI,
  type FakeReply,
  type ScriptStep,
} from "./openai-server.ts";
export { startFakeAnthropic, type FakeAnthropic, type AnthropicReply } from "./anthropic-server.ts";
export { startFakeGemini, type FakeGemini, type GeminiReply } from "./gemini-server.ts";
export { scriptedAdapter, hangUntilAborted, hangDeaf, type AdapterStep, type ScriptedAdapter } from "./scripted.ts";
export { simulatedOutput } from "../simulated/model.ts";
