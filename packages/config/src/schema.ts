import { z } from "zod";
import { QDRANT_COLLECTIONS_DEFAULT, SelectionStrategy, StepName } from "@flotilla/contracts";
import { instancesVariable } from "./instances.ts";

const bool = (def: boolean) =>
  z
    .string()
    .default(def ? "true" : "false")
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message: "expected true or false" }))
    .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on");
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const ratio = (def: number) => z.coerce.number().min(0).max(1).default(def);
const list = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
const url = (def: string, schemes: string[]) =>
  z
    .string()
    .default(def)
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `expected a URL (${schemes.join(" or ")})`,
    );

/** Every variable of SPEC §11 (and ours), with its default. `.bashrc.d.agents.example` mirrors this. */
export const ConfigSchema = z.object({
  NATS_URL: url("nats://127.0.0.1:4222", ["nats:", "tls:"]),
  QDRANT_URL: url("http://127.0.0.1:6333", ["http:", "https:"]),
  /** This process's NATS user and password (the launcher writes one user per team; empty: anonymous). */
  NATS_USER: z.string().default(""),
  NATS_PASSWORD: z.string().default(""),
  QDRANT_API_KEY: z.string().default(""),
  /** A Qdrant key that may only read (searches, `flotilla search`); empty: QDRANT_API_KEY is used. */
  QDRANT_READ_ONLY_API_KEY: z.string().default(""),
  OPENAI_API_KEY: z.string().default(""),
  ANTHROPIC_API_KEY: z.string().default(""),
  GOOGLE_API_KEY: z.string().default(""),
  GROQ_API_KEY: z.string().default(""),
  QWEN_API_KEY: z.string().default(""),
  MCP_LEADERSHIP_ENABLED: bool(true),
  MCP_DEVELOPMENT_ENABLED: bool(true),
  MCP_QA_ENABLED: bool(true),
  MCP_DOCUMENTATION_ENABLED: bool(true),
  MCP_DEVOPS_ENABLED: bool(true),
  TEAM_VOTING_ENABLED: bool(true),
  TEAM_VOTING_MAX_ATTEMPTS: int(3, 1, 10),
  TEAM_VOTING_MIN_CONSENSUS: ratio(0.66),
  CROSS_TEAM_RATING_ENABLED: bool(true),
  QUALITY_THRESHOLD: ratio(0.7),
  FEEDBACK_MAX_ROUNDS: int(2, 0, 10),
  /** Steps that wait for a person's approval before they run (e.g. "plan,deploy"); empty: none. */
  FLOTILLA_APPROVAL: list("").pipe(z.array(StepName)),
  /** How often development's author may fix a change set that failed its validation run, before the vote. */
  DEV_VALIDATION_MAX_ROUNDS: int(2, 0, 10),
  QDRANT_COLLECTIONS: list(QDRANT_COLLECTIONS_DEFAULT.join(",")),
  /** Folders the fleet keeps ingested into Qdrant (leadership watches them). */
  FLOTILLA_KNOWLEDGE_DIRS: list(""),
  /** A JSON file of ingest rules (path globs -> collection); empty = the built-in rules. */
  FLOTILLA_INGEST_RULES: z.string().default(""),
  EMBEDDING_PROVIDER: z.enum(["none", "auto", "openai", "google", "ollama"]).default("none"),
  EMBEDDING_MODEL: z.string().default(""),
  EMBEDDING_DIMENSIONS: z.string().default(""),
  /** Which candidate model serves each agent per step and task type (packages/quality). */
  MODEL_SELECTION_STRATEGY: SelectionStrategy.default("quality_first"),
  /** Under `explore`: the share of choices made uniformly at random among the candidates. */
  MODEL_EXPLORE_RATE: ratio(0.2),
  /** Seed of the selection's random draws (explore, Thompson sampling); empty: random. */
  MODEL_SELECTION_SEED: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{1,15}$/.test(v), "expected a whole number (or empty for random)"),
  /** auto: real providers when any is configured, else the simulated one; simulated: always simulated. */
  FLOTILLA_PROVIDER: z.enum(["auto", "simulated"]).default("auto"),
  CEREBRAS_API_KEY: z.string().default(""),
  OPENROUTER_API_KEY: z.string().default(""),
  OPENAI_BASE_URL: z.string().default(""),
  ANTHROPIC_BASE_URL: z.string().default(""),
  GOOGLE_GEMINI_BASE_URL: z.string().default(""),
  GROQ_BASE_URL: z.string().default(""),
  CEREBRAS_BASE_URL: z.string().default(""),
  QWEN_BASE_URL: z.string().default(""),
  OPENROUTER_BASE_URL: z.string().default(""),
  OLLAMA_BASE_URL: z.string().default(""),
  VLLM_BASE_URL: z.string().default(""),
  LMSTUDIO_BASE_URL: z.string().default(""),
  MODEL_TIMEOUT_MS: int(120_000, 100, 3_600_000),
  MODEL_MAX_RETRIES: int(3, 0, 10),
  MODEL_RETRY_BASE_MS: int(1_000, 1, 60_000),
  MODEL_CONCURRENCY_PER_PROVIDER: int(4, 1, 256),
  BREAKER_RECOVERY_MS: int(60_000, 10, 3_600_000),
  SIMULATED_LATENCY_MS: int(0, 0, 600_000),
  TEAM_HEALTH_INTERVAL_MS: int(30_000, 100, 3_600_000),
  /** A running task with no step moving it forward this long is resumed from its state (leadership's watchdog). */
  TASK_STALL_TIMEOUT_MS: int(1_800_000, 1_000, 86_400_000),
  NATS_ACK_WAIT_MS: int(30_000, 500, 3_600_000),
  NATS_MAX_DELIVER: int(5, 2, 100),
  NATS_RETRY_BASE_MS: int(1_000, 10, 60_000),
  TEAM_CONCURRENCY: int(4, 1, 64),
  FLOTILLA_INSTANCE_ID: z.string().default(""),
  /** Instances per team `up` starts, e.g. "development=3,qa=2" (a team left out: one); they share its durable consumers. */
  FLOTILLA_INSTANCES: instancesVariable,
  FLOTILLA_WORKSPACE: z.string().default(".flotilla/workspace"),
  /** Folders whose git repositories a task may name (packages/repo); empty = scratch repositories only. */
  FLOTILLA_REPOS: list(""),
  FLOTILLA_MCP_STDIO: bool(true),
  /** Where generated code runs: bubblewrap, docker, or none (nothing runs; results are unverified). */
  FLOTILLA_SANDBOX: z.enum(["bubblewrap", "docker", "none"]).default("bubblewrap"),
  /** The image a run uses when FLOTILLA_SANDBOX=docker. */
  FLOTILLA_SANDBOX_IMAGE: z.string().trim().min(1).default("node:22-bookworm"),
  /** Test command for repositories that name none in `.flotilla.json` (packages/testrun); empty = detected. */
  FLOTILLA_TEST_COMMAND: z.string().default(""),
  /** The dashboard's address (`flotilla dashboard`, `up`): loopback only unless a token guards it. */
  FLOTILLA_DASHBOARD_HOST: z.string().trim().min(1).default("127.0.0.1"),
  FLOTILLA_DASHBOARD_PORT: int(4280, 0, 65_535),
  /** Required when FLOTILLA_DASHBOARD_HOST is not loopback; every request must then carry it. */
  FLOTILLA_DASHBOARD_TOKEN: z.string().default(""),
  LOG_LEVEL: z
    .string()
    .default("info")
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(["trace", "debug", "info", "warning", "warn", "error", "fatal", "silent"])),
  LOG_FILE: z.string().default(""),
  /** OpenTelemetry's own variables: spans go over OTLP/HTTP to this endpoint; empty = no tracing (docs/observability.md). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^https?:$/.test(URL.parse(v)?.protocol ?? ""), "expected an http(s) URL"),
  /** `service.name` of a team's spans; empty = `flotilla-<team>`. */
  OTEL_SERVICE_NAME: z.string().trim().default(""),
});
export type Config = z.infer<typeof ConfigSchema>;
