import { Command } from "commander";
import { runBench, type BenchFlags } from "./commands/bench.ts";
import { runDemo } from "./commands/demo.ts";
import { runDown } from "./commands/down.ts";
import type { LeaderboardFlags } from "./commands/leaderboard.ts";
import { runMcp } from "./commands/mcp.ts";
import { runStatus } from "./commands/status.ts";
import { runSubmit, type SubmitFlags } from "./commands/submit.ts";
import { runTest } from "./commands/test.ts";
import { runUp, type UpFlags } from "./commands/up.ts";
import { TEAMS } from "./paths.ts";

/**
 * Wraps a handler so its result becomes the exit code. We exit explicitly because servers we
 * start detached can still hold handles in this process that would otherwise keep it alive.
 */
function exitWith<A extends unknown[]>(handler: (...args: A) => Promise<number>) {
  return async (...args: A) => {
    try {
      process.exit(await handler(...args));
    } catch (err) {
      process.stderr.write(`flotilla: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  };
}

const program = new Command("flotilla")
  .description("Run the Flotilla fleet: five MCP team servers over NATS JetStream and Qdrant")
  // Lets `test` hand options it does not know (e.g. --reporter) to vitest untouched.
  .enablePositionalOptions();

program
  .command("up")
  .description("start NATS, Qdrant and the enabled teams in the background; return once every instance is healthy")
  .option("--instances <team=n,...>", "instances per team, e.g. development=3,qa=2 (on top of FLOTILLA_INSTANCES)")
  .action(exitWith((opts: UpFlags) => runUp(opts)));
program.command("down").description("stop everything `up` and `mcp` started").action(exitWith(runDown));
program
  .command("dashboard")
  .description("serve the read-only web dashboard (FLOTILLA_DASHBOARD_HOST/PORT/TOKEN) in the foreground until Ctrl-C")
  .action(exitWith(async () => (await import("./commands/dashboard.ts")).runDashboard()));
program
  .command("status")
  .description("show recorded processes and whether NATS and Qdrant answer")
  .action(exitWith(runStatus));

program
  .command("test")
  .description("run the test suite (vitest run); extra arguments go to vitest")
  .argument("[args...]", "vitest arguments, e.g. a path filter or --reporter=verbose")
  .allowUnknownOption()
  .passThroughOptions()
  .helpOption(false)
  .action(exitWith((args: string[]) => runTest(args)));
program
  .command("lint")
  .description("check the house rules: prettier formatting, then eslint; exit 1 on findings")
  .argument("[paths...]", "files or folders to check (default: the whole repository)")
  .option("--fix", "rewrite the formatting (prettier --write) and apply eslint's fixes")
  .option("--root <dir>", "check this folder tree instead of the repository, with the repository's rules")
  .action(
    exitWith(async (paths: string[], opts: { fix?: boolean; root?: string }) =>
      (await import("./commands/lint.ts")).runLint(paths, opts),
    ),
  );

program
  .command("mcp")
  .description(`serve one team over MCP stdio (${TEAMS.join(", ")})`)
  .argument("<team>", "team name")
  .action(exitWith((team: string) => runMcp(team)));

program
  .command("demo")
  .description(
    "start what is needed and the five teams, run a sample task through the leadership MCP tool, print the summary, stop",
  )
  .option("--task <text>", "the task to run instead of the sample")
  .action(exitWith((opts: { task?: string }) => runDemo(opts)));
program
  .command("submit")
  .description("submit a task to the fleet")
  .argument("<text>", "what the fleet should do")
  .option("--wait", "follow the task live until it ends")
  .option("--timeout <seconds>", "how long --wait waits", "3600")
  .option("--priority <level>", "high, medium or low: busy teams take high work first", "medium")
  .option("--repo <path>", "git repository to change (under FLOTILLA_REPOS); default: a scratch repository")
  .option("--base <ref>", "branch, tag or commit of --repo the work starts from", "HEAD")
  .action(exitWith((text: string, opts: SubmitFlags) => runSubmit(text, opts)));
program
  .command("approvals")
  .description("steps waiting for a person's approval (FLOTILLA_APPROVAL), oldest first")
  .action(exitWith(async () => (await import("./commands/approvals.ts")).runApprovals()));
for (const decision of ["approve", "reject"] as const)
  program
    .command(decision)
    .description(
      decision === "approve"
        ? "let a task's step that waits for approval go on"
        : "stop a task at its approval gate: it fails with your comment",
    )
    .argument("<task-id>", "the task")
    .option("--gate <id>", "the gate, e.g. plan-r1 or devops-1-r1 (default: the task's oldest pending one)")
    .option("--comment <text>", decision === "reject" ? "why (required)" : "a note for the outcome")
    .option("--by <name>", "who decides, as the outcome names them (default: $USER)")
    .action(
      exitWith(async (taskId: string, opts: { gate?: string; comment?: string; by?: string }) =>
        (await import("./commands/approvals.ts")).runDecision(taskId, decision, opts),
      ),
    );
program
  .command("show")
  .description("a task's outcome (branch, commit, test runs, votes); --diff prints the change on its branch")
  .argument("<task-id>", "the task's id, as submit printed it")
  .option("--diff", "print the unified diff of the task's branch against its base")
  .action(
    exitWith(async (taskId: string, opts: { diff?: boolean }) =>
      (await import("./commands/show.ts")).runShow(taskId, opts),
    ),
  );
program
  .command("ingest")
  .description(
    "index markdown and JSON files or folders into Qdrant (only what changed is written); --watch keeps them current",
  )
  .argument("<paths...>", "files or folders")
  .option("--watch", "keep watching and re-index changes until Ctrl-C")
  .option("--json", "print the report as JSON")
  .action(
    exitWith(async (paths: string[], opts: { watch?: boolean; json?: boolean }) =>
      (await import("./commands/ingest.ts")).runIngest(paths, opts),
    ),
  );
program
  .command("search")
  .description("ranked knowledge chunks with source file, heading path and score")
  .argument("<query>", "what to look for")
  .option("--collection <name>", "one collection (default: all knowledge collections)")
  .option("--limit <n>", "how many results", "10")
  .option("--source <file>", "only chunks of this source file")
  .option("--team <team>", "only records of this team")
  .option("--tag <tag...>", "only chunks carrying any of these tags")
  .option("--json", "print JSON")
  .action(
    exitWith(
      async (
        query: string,
        opts: { collection?: string; limit?: string; json?: boolean; source?: string; team?: string; tag?: string[] },
      ) => (await import("./commands/search.ts")).runSearch(query, opts),
    ),
  );
program
  .command("leaderboard")
  .description("each model's quality per task type and role, with its uncertainty, and how often models vote alike")
  .option("--type <task-type>", 'only this task type, or a kind such as "bugfix" (all "bugfix/…" types)')
  .option("--role <role>", "only agents of this role")
  .option("--team <team>", "only work of this team")
  .option("--model <model>", "only this model (model id or provider/model)")
  .option("--json", "print the report as JSON")
  .action(exitWith(async (opts: LeaderboardFlags) => (await import("./commands/leaderboard.ts")).runLeaderboard(opts)));
program
  .command("ledger")
  .description("model calls per task: tokens, latency, retries, fallbacks per team, agent and serving model")
  .argument("[task-id]", "one task's ledger (default: the most recently active tasks)")
  .option("--limit <n>", "how many tasks without a task id", "20")
  .option("--json", "print JSON")
  .action(
    exitWith(async (taskId: string | undefined, opts: { limit?: string; json?: boolean }) =>
      (await import("./commands/ledger.ts")).runLedger(taskId, opts),
    ),
  );
program
  .command("bench")
  .description(
    "print orchestration overhead, latency-bound ratio, throughput and memory figures (simulated provider); " +
      "with --adapters, the provider adapters' overhead over a bare fetch instead",
  )
  .option("--tasks <n>", "sequential tasks for the overhead figure", "10")
  .option("--latency <ms>", "simulated latency per model call for the critical-path figure", "100")
  .option("--concurrent <n>", "tasks in flight for the throughput figure", "20")
  .option(
    "--dashboard",
    "run the dashboard beside the fleet, one live page open, to compare the figures with and without it",
  )
  .option("--startup <runs>", "start-up runs: teams stopped → all healthy, median printed (0 skips)", "3")
  .option("--instances <counts>", "instances per team for the instances table, comma-separated (0 skips)", "1,2,3")
  .option(
    "--adapters",
    "instead of the fleet: time the OpenAI and Anthropic adapters (and the structured/resilient paths above them) " +
      "against local fake servers, beside a bare fetch",
  )
  .action(
    exitWith(async (opts: BenchFlags) => {
      if (!opts.adapters) return runBench(opts);
      // Loaded only here: it pulls in the fake provider servers (@flotilla/models/testing).
      const { benchAdapters } = await import("./bench/adapters.ts");
      await benchAdapters();
      return 0;
    }),
  );

// Loaded on use: the models commands import all five team packages (~1 s), which no other command needs.
const models = program
  .command("models")
  .description(
    "show whether the fleet runs SIMULATED or on which providers, every agent's model and fallback chain " +
      "(key variables, never values), and each team's latest breaker change when NATS answers",
  )
  .option("--json", "print the same as JSON")
  .action(exitWith(async (opts: { json?: boolean }) => (await import("./commands/models.ts")).runModels(opts)));
models
  .command("check")
  .description(
    "make one minimal structured call per key of every configured provider (20 s limit); exit 1 if any fails or nothing is configured",
  )
  .option(
    "--model <provider/model>",
    "model to call for that provider instead of its default (repeatable)",
    (v: string, all: string[] = []) => [...all, v],
  )
  .action(
    exitWith(async (opts: { model?: string[] }) => (await import("./commands/models-check.ts")).runModelsCheck(opts)),
  );

program
  .command("credentials")
  .description("generate .flotilla/credentials (NATS users, Qdrant keys) and say what each file is for")
  .action(exitWith(async () => (await import("./commands/credentials.ts")).runCredentials()));
program
  .command("provision")
  .description("create the streams, consumers, KV buckets and object stores as admin")
  .action(exitWith(async () => (await import("./commands/credentials.ts")).runProvision()));
program
  .command("chaos")
  .description(
    "a fleet on its own servers runs N tasks while teams are killed at random and NATS, then Qdrant, go down; prints figures",
  )
  .option("--tasks <n>", "how many tasks", "50")
  .option("--concurrency <n>", "tasks in flight at once", "10")
  .option("--outage <seconds>", "how long NATS, then Qdrant, stay down", "30")
  .action(
    exitWith(async (opts: { tasks?: string; concurrency?: string; outage?: string }) =>
      (await import("./commands/chaos.ts")).runChaosCommand(opts),
    ),
  );
// Loaded on use: the DLQ commands need only the bus.
const dlqCommands = () => import("./commands/dlq.ts");
const dlq = program
  .command("dlq")
  .description(
    "dead-lettered messages: list them, show one with its original, replay it once the cause is fixed, purge them",
  );
dlq
  .command("list")
  .description("DLQ entries, oldest first: id, time, team/reason, original subject, task, whether it replays, failure")
  .option("--team <team>", "only entries of this team's consumers")
  .option("--reason <reason>", "only this reason (handler_failed, invalid_json, schema_violation, ...)")
  .option("--task <id>", "only entries about this task")
  .option("--replayed", "list the replay records instead: what was replayed, as which message, by whom")
  .option("--json", "print JSON")
  .action(
    exitWith(async (opts: { team?: string; reason?: string; task?: string; replayed?: boolean; json?: boolean }) =>
      (await dlqCommands()).runDlqList(opts),
    ),
  );
dlq
  .command("show")
  .description("one entry: where and why it failed, and its original message")
  .argument("<id>", "the entry's id, as dlq list printed it")
  .option("--json", "print JSON")
  .action(exitWith(async (id: string, opts: { json?: boolean }) => (await dlqCommands()).runDlqShow(id, opts)));
dlq
  .command("replay")
  .description(
    "validate the entry's original again and re-publish it on its subject under a new message id; " +
      "the replay is recorded on dlq.<team>.replayed and the entry deleted",
  )
  .argument("<id>", "the entry's id, as dlq list printed it")
  .action(exitWith(async (id: string) => (await dlqCommands()).runDlqReplay(id)));
dlq
  .command("purge")
  .description("delete the entries named by id, or every entry a filter matches (with --yes)")
  .argument("[ids...]", "entry ids to delete (no --yes needed)")
  .option("--team <team>", "only entries of this team's consumers")
  .option("--reason <reason>", "only this reason")
  .option("--task <id>", "only entries about this task")
  .option("--yes", "delete what the filter (or, without one, the whole DLQ) matches; without it, only count")
  .action(
    exitWith(async (ids: string[], opts: { team?: string; reason?: string; task?: string; yes?: boolean }) =>
      (await dlqCommands()).runDlqPurge(ids, opts),
    ),
  );

await program.parseAsync(process.argv);
