import fs from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { InvalidInputError } from "../../errors.js";
import { runSandboxed, type SandboxOptions } from "../../sandbox/sandbox.js";

interface SandboxFlags {
  timeoutMs?: string;
  cpuSeconds?: string;
  memoryMb?: string;
  maxOutputBytes?: string;
}

/** Whole numbers only; the range is checked by runSandboxed, so flags and API share one rule. */
function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InvalidInputError("INVALID_ARGUMENT", `${flag} must be a positive whole number; got "${value}".`);
  return Number(value);
}

export function sandboxCommand(): Command {
  return new Command("sandbox")
    .description("Run a JavaScript file in the sandbox used for model-written code (no network, only its own temp folder, time/memory/output limits) and print the result as JSON")
    .argument("<file.js>", "file to run; it is copied alone into a fresh temporary folder and run as the entry")
    .option("--timeout-ms <n>", "wall-clock limit in milliseconds (default 5000)")
    .option("--cpu-seconds <n>", "CPU-time limit in seconds (default: the timeout rounded up)")
    .option("--memory-mb <n>", "memory for the script's heap and buffers in MiB (default 256)")
    .option("--max-output-bytes <n>", "cap on stdout+stderr together (default 1048576)")
    .action(async (file: string, flags: SandboxFlags) => {
      let content: string;
      try {
        content = await fs.readFile(file, "utf8");
      } catch (error) {
        throw new InvalidInputError("INVALID_ARGUMENT", `Cannot read ${file}: ${(error as Error).message}`);
      }
      const entry = path.basename(file);
      const options: SandboxOptions = { files: { [entry]: content }, entry };
      const timeoutMs = wholeNumber("--timeout-ms", flags.timeoutMs);
      const cpuSeconds = wholeNumber("--cpu-seconds", flags.cpuSeconds);
      const memoryMb = wholeNumber("--memory-mb", flags.memoryMb);
      const maxOutputBytes = wholeNumber("--max-output-bytes", flags.maxOutputBytes);
      if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
      if (cpuSeconds !== undefined) options.cpuSeconds = cpuSeconds;
      if (memoryMb !== undefined) options.memoryMb = memoryMb;
      if (maxOutputBytes !== undefined) options.maxOutputBytes = maxOutputBytes;
      const result = await runSandboxed(options);
      process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    });
}
