/** The `limbic` command line: a thin layer over the public API. */
import { Command, CommanderError } from "commander";
import { LimbicError } from "../errors.js";
import { LIMBIC_VERSION } from "../version.js";
import { reportUnexpected } from "./crashReport.js";
import { messageWithFlag } from "./optionFlags.js";
import { captureCommand } from "./commands/capture.js";
import { extractCommand } from "./commands/extract.js";
import { validateCommand } from "./commands/validate.js";
import { traceCommand } from "./commands/trace.js";
import { chatCommand } from "./commands/chat.js";
import { vectorsCommand } from "./commands/vectors.js";
import { generateCommand } from "./commands/generate.js";
import { infoCommand } from "./commands/info.js";
import { sandboxCommand } from "./commands/sandbox.js";
import { serveCommand } from "./commands/serve.js";
import { sweepCommand } from "./commands/sweep.js";
import { runsCommand } from "./commands/runs.js";
import { demoCommand } from "./commands/demo.js";
import { monitorEvalCommand } from "./commands/monitorEval.js";
import { gradeCommand } from "./commands/grade.js";
import { replicateCommand } from "./commands/replicate.js";
import { coherenceCommand } from "./commands/coherence.js";
import { cacheCommand } from "./commands/cache.js";

export function buildProgram(): Command {
  const program = new Command("limbic")
    .description("See and steer the emotion-like states inside language models (any GGUF model, via llama.cpp)")
    .version(LIMBIC_VERSION)
    .exitOverride()
    .showHelpAfterError();
  for (const command of [
    infoCommand(),
    captureCommand(),
    generateCommand(),
    extractCommand(),
    validateCommand(),
    replicateCommand(),
    vectorsCommand(),
    traceCommand(),
    chatCommand(),
    sandboxCommand(),
    serveCommand(),
    sweepCommand(),
    coherenceCommand(),
    gradeCommand(),
    runsCommand(),
    monitorEvalCommand(),
    demoCommand(),
    cacheCommand(),
  ])
    program.addCommand(command.exitOverride());
  return program;
}

/** The subcommand named on the command line, for messages ("limbic" when there is none). */
export function commandName(argv: readonly string[]): string {
  const word = argv.slice(2).find((a) => !a.startsWith("-"));
  return word && buildProgram().commands.some((c) => c.name() === word) ? word : "limbic";
}

let stdoutGuarded = false;

/** Runs the CLI and returns the exit code: 0 ok, 1 a Limbic or unexpected error, 2 a usage error. */
export async function main(argv: string[]): Promise<number> {
  // A reader that closes early (`limbic runs export ... | head`) is not an error.
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      reportUnexpected(commandName(argv), error);
      process.exit(1);
    });
  }
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof LimbicError) {
      const command = commandName(argv);
      process.stderr.write(`limbic${command === "limbic" ? "" : ` ${command}`}: ${messageWithFlag(error, command)} [${error.code}]\n`);
      if (process.env.LIMBIC_DEBUG === "1" && error.stack) process.stderr.write(`${error.stack}\n`);
      return 1;
    }
    reportUnexpected(commandName(argv), error);
    return 1;
  }
}
