import { Command } from "commander";
import { runBench } from "./commands/bench.ts";
import { runDemo } from "./commands/demo.ts";
import { runDown } from "./commands/down.ts";
import { runMcp } from "./commands/mcp.ts";
import { runStatus } from "./commands/status.ts";
import { runSubmit } from "./commands/submit.ts";
import { runTest } from "./commands/test.ts";
import { runUp } from "./commands/up.ts";
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

program.command("up").description("start NATS, Qdrant and the enabled teams in the background").action(exitWith(runUp));
program.command("down").description("stop everything `up` and `mcp` started").action(exitWith(runDown));
program.command("status").description("show recorded processes and whether NATS and Qdrant answer").action(exitWith(runStatus));

program
  .command("test")
  .description("run the test suite (vitest run); extra arguments go to vitest")
  .argument("[args...]", "vitest arguments, e.g. a path filter or --reporter=verbose")
  .allowUnknownOption()
  .passThroughOptions()
  .helpOption(false)
  .action(exitWith((args: string[]) => runTest(args)));

program
  .command("mcp")
  .description(`serve one team over MCP stdio (${TEAMS.join(", ")})`)
  .argument("<team>", "team name")
  .action(exitWith((team: string) => runMcp(team)));

program
  .command("demo")
  .description("start what is needed and the five teams, run a sample task through the leadership MCP tool, print the summary, stop")
  .option("--task <text>", "the task to run instead of the sample")
  .action(exitWith((opts: { task?: string }) => runDemo(opts)));
program
  .command("submit")
  .description("submit a task to the fleet")
  .argument("<text>", "what the fleet should do")
  .option("--wait", "follow the task live until it ends")
  .option("--timeout <seconds>", "how long --wait waits", "3600")
  .action(exitWith((text: string, opts: { wait?: boolean; timeout?: string }) => runSubmit(text, opts)));
program
  .command("bench")
  .description("print orchestration overhead, latency-bound ratio, throughput and memory figures (simulated provider)")
  .option("--tasks <n>", "sequential tasks for the overhead figure", "10")
  .option("--latency <ms>", "simulated latency per model call for the critical-path figure", "100")
  .option("--concurrent <n>", "tasks in flight for the throughput figure", "20")
  .action(exitWith((opts: { tasks?: string; latency?: string; concurrent?: string }) => runBench(opts)));

await program.parseAsync(process.argv);
