/** Turns how a sandboxed process ended into the outcome the scenarios grade. */

export type SandboxOutcome = "ok" | "error" | "timeout" | "limit";
export type SandboxLimit = "memory" | "output" | "processes" | "cpu";

/** Why the host killed the process group itself, if it did. */
export type KillReason = "wall-time" | "cpu" | "memory" | "output";

export interface Ending {
  killedFor: KillReason | null;
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  /** Last CPU time the watchdog saw, seconds. */
  cpuSeconds: number;
  cpuLimitSeconds: number;
  /** Largest resident memory the watchdog saw, and the ceiling it enforces. */
  peakRssBytes: number;
  memoryCeilingBytes: number;
}

/** A kill nobody on the host sent counts as the memory limit only when memory was this close to it. */
const NEAR_MEMORY_LIMIT = 0.8;

// What V8 and Node print when an allocation fails under --max-old-space-size or RLIMIT_DATA.
const memoryFailure =
  /JavaScript heap out of memory|Array buffer allocation failed|Fatal process out of memory|ERR_MEMORY_ALLOCATION_FAILED|Cannot allocate memory|ENOMEM/;
// What Node's permission model says when code tries to start a process or thread.
const processFailure = /permission: '(ChildProcess|WorkerThreads)'/;

export function classifyEnding(ending: Ending): { outcome: SandboxOutcome; limit?: SandboxLimit } {
  switch (ending.killedFor) {
    case "output":
      return { outcome: "limit", limit: "output" };
    case "memory":
      return { outcome: "limit", limit: "memory" };
    case "cpu":
      return { outcome: "timeout", limit: "cpu" };
    case "wall-time":
      return { outcome: "timeout" };
    case null:
      break;
  }
  if (ending.signal === "SIGXCPU") return { outcome: "timeout", limit: "cpu" };
  // A SIGKILL the host did not send: RLIMIT_CPU's hard limit, the kernel's OOM killer, or the script
  // itself (kill(0) under the weak level). Only name a limit the run was actually near.
  if (ending.signal === "SIGKILL") {
    if (ending.cpuSeconds >= ending.cpuLimitSeconds - 0.5) return { outcome: "timeout", limit: "cpu" };
    if (ending.peakRssBytes >= NEAR_MEMORY_LIMIT * ending.memoryCeilingBytes) return { outcome: "limit", limit: "memory" };
    return { outcome: "error" };
  }
  const failed = ending.exitCode !== 0;
  if (failed && memoryFailure.test(ending.stderr)) return { outcome: "limit", limit: "memory" };
  if (failed && processFailure.test(ending.stderr)) return { outcome: "limit", limit: "processes" };
  return { outcome: failed ? "error" : "ok" };
}
