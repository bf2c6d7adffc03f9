/**
 * Kills a CLI job with SIGKILL at seeded random moments and resumes it each time, until it
 * finishes: the test then compares what it stored with an uninterrupted run.
 */
import { spawn } from "node:child_process";
import { mulberry32 } from "../src/vectors/stats.js";

export interface KillChainResult {
  kills: number;
  starts: number;
}

/** Runs `node args` to completion; resolves with its exit code and stderr. */
export function runToEnd(args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stderr, ms: performance.now() - started }));
  });
}

/**
 * `nextArgs()` gives the command for the next start (a fresh run, or a resume once one is
 * stored). Each start is killed after a random delay in [0, maxDelayMs) until `kills` kills have
 * landed; then the job runs to its end, which must be exit 0.
 */
export async function killChain(
  nextArgs: () => string[],
  options: { kills: number; maxDelayMs: number; seed: number; maxStarts?: number },
): Promise<KillChainResult> {
  const random = mulberry32(options.seed);
  let kills = 0;
  let starts = 0;
  while (kills < options.kills) {
    if (++starts > (options.maxStarts ?? options.kills * 10)) throw new Error(`gave up after ${starts - 1} starts (${kills} kills)`);
    const delay = random() * options.maxDelayMs;
    const child = spawn(process.execPath, nextArgs(), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const ended = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    const code = await ended;
    clearTimeout(timer);
    if (child.signalCode === "SIGKILL") kills++;
    else if (code !== 0) throw new Error(`start ${starts} exited with ${code} before it was killed: ${stderr}`);
    else break; // finished before the kill: the chain is complete
  }
  const final = await runToEnd(nextArgs());
  if (final.code !== 0) throw new Error(`the final resume exited with ${final.code}: ${final.stderr}`);
  return { kills, starts: starts + 1 };
}
