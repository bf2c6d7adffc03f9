/**
 * Runs model-written JavaScript in its own Node process with no network, a fresh temporary
 * folder as the only readable and writable place, an empty environment, and CPU-time,
 * wall-time, memory and output limits; on any limit the whole process group is killed.
 * The layers and what each covers are in launch.ts; README "Sandbox" explains them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { LimbicError } from "../errors.js";
import { hostSupport, type HostSupport } from "./hostSupport.js";
import { buildLaunch, NODE_OVERHEAD_MB, WATCH_INTERVAL_MS, type Launch, type SandboxIsolation } from "./launch.js";
import { resolveSandboxOptions, type NetworkIsolationMode, type ResolvedSandboxOptions, type SandboxOptions } from "./options.js";
import { classifyEnding, type KillReason, type SandboxLimit, type SandboxOutcome } from "./outcome.js";
import { OutputCollector } from "./outputCollector.js";
import { firstChildPid, sampleProcess } from "./procWatch.js";
import { createWorkspace, removeWorkspace } from "./workspace.js";

export type { SandboxOutcome, SandboxLimit, SandboxIsolation, NetworkIsolationMode, SandboxOptions };

export interface SandboxResult {
  /** ok = exit 0; error = non-zero exit/uncaught; timeout = wall or CPU time; limit = memory/output/process limit. */
  outcome: SandboxOutcome;
  limit?: SandboxLimit;
  exitCode: number | null;
  signal: string | null;
  /** Truncated at the cap. */
  stdout: string;
  stderr: string;
  /** The output cap cut stdout/stderr short. */
  truncated?: boolean;
  wallMs: number;
  /** What protected this run, said honestly. */
  isolation: SandboxIsolation;
}

/** After the process exits, how long to wait for its pipes to close before giving up on them. */
const PIPE_GRACE_MS = 300;
/** Past the time limit, the absolute bound after which the run is reported whatever state it is in. */
const HARD_DEADLINE_MARGIN_MS = 1500;

export async function runSandboxed(options: SandboxOptions): Promise<SandboxResult> {
  const resolved = resolveSandboxOptions(options);
  const host = await hostSupport();
  const folder = await createWorkspace(resolved.files);
  try {
    return await supervise(buildLaunch(resolved, folder, host), resolved, folder, host);
  } finally {
    await removeWorkspace(folder);
  }
}

// Node < 20.11 has no --disable-warning; drop the permission model's own warning from stderr.
function withoutPermissionWarning(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) ExperimentalWarning: Permission is an experimental feature[^\n]*\n(\(Use `node --trace-warnings[^\n]*\n)?/m, "");
}

const unshareLostSigkill = /unshare: sigprocmask unblock failed: [^\n]*\n?$/;

function supervise(launch: Launch, options: ResolvedSandboxOptions, folder: string, host: HostSupport): Promise<SandboxResult> {
  return new Promise<SandboxResult>((resolve, reject) => {
    const started = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(launch.command, launch.args, { cwd: folder, env: {}, detached: true, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    } catch (error) {
      reject(new LimbicError("INTERNAL", `Could not start the sandbox (${launch.command}): ${(error as Error).message}`, {}, { cause: error }));
      return;
    }

    let killedFor: KillReason | null = null;
    let exit: { code: number | null; signal: string | null; wallMs: number } | null = null;
    let finished = false;
    let cpuSeconds = 0;
    let watchedPid: number | null = null;
    let sampling = false;
    const timers: NodeJS.Timeout[] = [];

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is gone already
      }
    };
    const killFor = (reason: KillReason): void => {
      // Once the process has exited only the output cap can still be crossed (its pipes drain later).
      if (exit === null || reason === "output") killedFor ??= reason;
      killGroup();
    };

    const output = new OutputCollector(options.maxOutputBytes, () => killFor("output"));
    child.stdout!.on("data", (data: Buffer) => output.add("stdout", data));
    child.stderr!.on("data", (data: Buffer) => output.add("stderr", data));

    const memoryCeiling = (options.memoryMb + NODE_OVERHEAD_MB) * 2 ** 20;
    const watch = async (): Promise<void> => {
      if (sampling || exit || finished || child.pid === undefined) return;
      sampling = true;
      try {
        // In namespaces the spawned process is unshare; the script runs in its one child.
        watchedPid ??= launch.usesNamespace ? await firstChildPid(child.pid) : child.pid;
        if (watchedPid === null) return;
        const sample = await sampleProcess(watchedPid);
        if (!sample || exit || finished) return;
        cpuSeconds = Math.max(cpuSeconds, sample.cpuSeconds);
        if (sample.rssBytes > memoryCeiling) killFor("memory");
        else if (sample.cpuSeconds >= options.cpuSeconds) killFor("cpu");
      } finally {
        sampling = false;
      }
    };

    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const timer of timers) clearTimeout(timer);
      child.stdout!.destroy();
      child.stderr!.destroy();
      const ended = { ...(exit ?? { code: null, signal: null, wallMs: performance.now() - started }) };
      let stderr = output.text("stderr");
      if (!host.disableWarningFlag) stderr = withoutPermissionWarning(stderr);
      // unshare relays every fatal signal but SIGKILL, which it reports as this line and exit 1.
      if (launch.usesNamespace && ended.code === 1 && unshareLostSigkill.test(stderr)) {
        stderr = stderr.replace(unshareLostSigkill, "");
        ended.code = null;
        ended.signal = "SIGKILL";
      }
      const { outcome, limit } = classifyEnding({ killedFor, exitCode: ended.code, signal: ended.signal, stderr, cpuSeconds, cpuLimitSeconds: options.cpuSeconds });
      resolve({
        outcome,
        ...(limit ? { limit } : {}),
        exitCode: ended.code,
        signal: ended.signal,
        stdout: output.text("stdout"),
        stderr,
        ...(output.truncated ? { truncated: true } : {}),
        wallMs: Math.round(ended.wallMs),
        isolation: launch.isolation,
      });
    };

    child.on("error", (error) => {
      if (child.pid === undefined && !finished) {
        finished = true;
        for (const timer of timers) clearTimeout(timer);
        reject(new LimbicError("INTERNAL", `Could not start the sandbox (${launch.command}): ${error.message}`, {}, { cause: error }));
      }
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal, wallMs: performance.now() - started };
      killGroup(); // anything the script left behind in its group
      timers.push(setTimeout(finish, PIPE_GRACE_MS));
    });
    child.on("close", finish);

    timers.push(setTimeout(() => killFor("wall-time"), options.timeoutMs));
    timers.push(
      setTimeout(() => {
        killFor("wall-time");
        finish();
      }, options.timeoutMs + HARD_DEADLINE_MARGIN_MS),
    );
    if (host.procfs) {
      const interval = setInterval(() => void watch(), WATCH_INTERVAL_MS);
      timers.push(interval);
    }
  });
}
