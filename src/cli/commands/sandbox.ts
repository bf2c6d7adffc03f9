import fs from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { InvalidInputError, readError } from "../../errors.js";
import { runSandboxed, type SandboxOptions } from "../../sandbox/sandbox.js";

interface SandboxFlags {
  timeoutMs?: string;
  cpuSeconds?: string;
  memoryMb?: string;
  maxOutputBytes?: string;
  sandbox: string;
}

/** Whole numbers only; the range is checked by runSandboxed, so flags and API share one rule. */
function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InvalidInputError("INVALID_ARGUMENT", `${flag} must be a positive whole number; got "${value}".`);
  return Number(value);
}

/** The script's text, or a clear error: missing, a folder, unreadable, or not a regular file. */
async function readScript(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw readError(error, `Cannot read ${file}: ${why}. Give the path of a JavaScript file to run.`, { file });
  }
  if (stat.isDirectory())
    throw new InvalidInputError("INVALID_ARGUMENT", `Cannot read ${file}: it is a folder; give the JavaScript file inside it to run.`, { file });
  if (!stat.isFile()) throw new InvalidInputError("INVALID_ARGUMENT", `Cannot read ${file}: it is not a regular file.`, { file });
  try {
    return await fs.readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw readError(error, `Cannot read ${file}: ${code === "EACCES" ? "permission denied" : (error as Error).message}.`, { file });
  }
}

export function sandboxCommand(): Command {
  return new Command("sandbox")
    .description(
      "Run a JavaScript file in the sandbox used for model-written code (private root, no network, only its own tmpfs workspace, time/memory/output limits) and print the result as JSON",
    )
    .argument("<file.js>", "file to run; it is copied alone into a fresh workspace and run as the entry")
    .option("--timeout-ms <n>", "wall-clock limit in milliseconds (default 5000)")
    .option("--cpu-seconds <n>", "CPU-time limit in seconds (default: the timeout rounded up)")
    .option("--memory-mb <n>", "memory for the script's heap and buffers in MiB (default 256)")
    .option("--max-output-bytes <n>", "cap on stdout+stderr together (default 1048576)")
    .option("--sandbox <level>", "strong: refuse to run without kernel isolation; weak: run anyway on Node's permission model (the result says so)", "strong")
    .action(async (file: string, flags: SandboxFlags) => {
      if (flags.sandbox !== "strong" && flags.sandbox !== "weak")
        throw new InvalidInputError("INVALID_ARGUMENT", `--sandbox must be strong or weak; got "${flags.sandbox}".`);
      const timeoutMs = wholeNumber("--timeout-ms", flags.timeoutMs);
      const cpuSeconds = wholeNumber("--cpu-seconds", flags.cpuSeconds);
      const memoryMb = wholeNumber("--memory-mb", flags.memoryMb);
      const maxOutputBytes = wholeNumber("--max-output-bytes", flags.maxOutputBytes);
      const content = await readScript(file);
      const entry = path.basename(file);
      const options: SandboxOptions = { files: { [entry]: content }, entry, strength: flags.sandbox };
      if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
      if (cpuSeconds !== undefined) options.cpuSeconds = cpuSeconds;
      if (memoryMb !== undefined) options.memoryMb = memoryMb;
      if (maxOutputBytes !== undefined) options.maxOutputBytes = maxOutputBytes;
      const result = await runSandboxed(options);
      process.stdout.write(JSON.stringify({ sandbox: result.isolation.strength, ...result }, null, 2) + "\n");
    });
}
