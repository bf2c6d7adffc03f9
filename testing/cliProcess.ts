/** Runs the built CLI as a child process without blocking this one (a simulated server may answer from here). */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CLI_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; onStart?: (child: ChildProcess) => void } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    options.onStart?.(child);
  });
}

/** A failure is one line naming the command and the code, with no stack trace. */
export function assertOneLineError(result: CliResult, command: string, code: string): void {
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr.split("\n").filter((l) => l.trim() && !l.startsWith("\r"));
  assert.match(lines.at(-1) ?? "", new RegExp(`^limbic ${command}: .+ \\[${code}\\]$`), result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
}

/** Starts `limbic serve …` and resolves with its base URL once it listens. */
export function startCliServer(args: string[], env?: NodeJS.ProcessEnv): { url: Promise<string>; stop: () => Promise<CliResult> } {
  let child!: ChildProcess;
  const ended = runCli(["serve", ...args], { ...(env ? { env } : {}), onStart: (c) => (child = c) });
  const url = new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (d: Buffer) => {
      seen += d.toString();
      const match = /at (http:\/\/\S+) \(/.exec(seen);
      if (match) resolve(match[1]!);
    });
    void ended.then((r) => reject(new Error(`serve exited before listening: ${r.stderr}`)));
  });
  return {
    url,
    stop: () => {
      child.kill("SIGTERM");
      return ended;
    },
  };
}
