/**
 * Runs model-written JavaScript in its own Node process. Strong isolation (the default, refused
 * where the kernel cannot give it): a private root holding only Node, its libraries and a fresh
 * size- and inode-limited tmpfs workspace, an unprivileged uid, no network, no inherited
 * descriptors. Under both levels: Node's permission model, an empty environment, CPU-time,
 * wall-time, memory and output limits; on any limit the whole process group is killed. The layers
 * are in launch.ts and isolate.ts; README "Sandbox" explains them.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import type { Duplex } from "node:stream";
import { performance } from "node:perf_hooks";
import { InternalError, SandboxUnavailableError } from "../errors.js";
import { hostSupport, type HostSupport, type StrongMode, type StrongSupport } from "./hostSupport.js";
import { SETUP_READY, SETUP_STATUS_FD, CHANNEL_FD, writeMountTables } from "./isolate.js";
import { buildLaunch, NODE_OVERHEAD_MB, WATCH_INTERVAL_MS, type Launch, type SandboxIsolation, type SandboxStrength } from "./launch.js";
import { resolveSandboxOptions, type NetworkIsolationMode, type ResolvedSandboxOptions, type SandboxOptions } from "./options.js";
import { classifyEnding, type KillReason, type SandboxLimit, type SandboxOutcome } from "./outcome.js";
import { OutputCollector } from "./outputCollector.js";
import { descendantPid, sampleProcess } from "./procWatch.js";
import { changedFiles, createWorkspace, removeWorkspace } from "./workspace.js";

export type { SandboxOutcome, SandboxLimit, SandboxIsolation, NetworkIsolationMode, SandboxOptions, SandboxStrength, StrongMode };

export interface SandboxResult {
  /** ok = exit 0; error = non-zero exit, uncaught error or a kill nobody on the host sent; timeout = wall or CPU time; limit = memory/output/process limit. */
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
  /** What protected this run, said honestly: isolation.strength is "weak" whenever the kernel layers were missing. */
  isolation: SandboxIsolation;
  /** What the code wrote back on its private channel (file descriptor 3), when one was asked for. */
  privateChannel?: { output: string; truncated: boolean };
  /** Read-only files whose content changed (weak level, compared afterwards; the strong level makes them read-only to the kernel). */
  changedReadOnlyFiles?: string[];
  /** Set when the run's temp folder could not be removed: what is left. */
  cleanupError?: string;
}

/** After the process exits, how long to wait for its pipes to close before giving up on them. */
const PIPE_GRACE_MS = 300;
/** Past the time limit, the absolute bound after which the run is reported whatever state it is in. */
const HARD_DEADLINE_MARGIN_MS = 1500;

/** The strong layers to use, null for the weak level, or a SandboxUnavailableError when strong is required and missing. */
export function strongSupportFor(options: ResolvedSandboxOptions, host: HostSupport): StrongSupport | null {
  if (options.network === "in-process") return null; // the caller asked for the weak level's in-process block
  if (options.strongMode) {
    const support = host.strongModes[options.strongMode];
    if (!support)
      throw new SandboxUnavailableError(
        "SANDBOX_UNAVAILABLE",
        `Strong sandbox mode ${options.strongMode} does not work on this machine${host.strongUnavailable ? ` (${host.strongUnavailable})` : ""}.`,
      );
    return support;
  }
  if (host.strong) return host.strong;
  if (options.strength === "weak") return null;
  throw new SandboxUnavailableError(
    "SANDBOX_UNAVAILABLE",
    `Refusing to run model-written code: this machine cannot give the sandbox kernel isolation (${host.strongUnavailable}). ` +
      'Run as root or where unprivileged user namespaces are allowed, or pass --sandbox=weak (API: strength: "weak") to run on Node\'s permission model alone; every result then says sandbox: weak.',
    { reason: host.strongUnavailable },
  );
}

export async function runSandboxed(options: SandboxOptions): Promise<SandboxResult> {
  const resolved = resolveSandboxOptions(options);
  const host = await hostSupport();
  const support = strongSupportFor(resolved, host);
  const folder = await createWorkspace(resolved.files, support ? "strong" : "weak");
  let result: SandboxResult | undefined;
  let early: Promise<string | null> | null = null;
  try {
    const launch = buildLaunch(resolved, folder, host, support);
    if (launch.strong) await writeMountTables(launch.strong);
    // Once the workspace is copied onto the tmpfs the host folder has done its job: remove it at once,
    // so nothing is left on disk even if this process dies during the run.
    result = await supervise(launch, resolved, host, folder, () => void (early ??= removeWorkspace(folder)));
    if (!launch.strong && resolved.readOnlyFiles.length > 0) result.changedReadOnlyFiles = await changedFiles(folder, resolved.files, resolved.readOnlyFiles);
    else if (resolved.readOnlyFiles.length > 0) result.changedReadOnlyFiles = [];
  } finally {
    await early;
    const leftover = await removeWorkspace(folder);
    if (leftover && result) result.cleanupError = leftover;
  }
  return result!;
}

// Node < 20.11 has no --disable-warning; drop the permission model's own warning from stderr.
function withoutPermissionWarning(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) ExperimentalWarning: Permission is an experimental feature[^\n]*\n(\(Use `node --trace-warnings[^\n]*\n)?/m, "");
}

const unshareLostSigkill = /unshare: sigprocmask unblock failed: [^\n]*\n?$/;

function stdioFor(launch: Launch, options: ResolvedSandboxOptions): StdioOptions {
  const stdio: StdioOptions = ["ignore", "pipe", "pipe", options.privateChannel ? "pipe" : "ignore"];
  if (launch.strong) stdio[SETUP_STATUS_FD] = "pipe";
  return stdio;
}

function supervise(launch: Launch, options: ResolvedSandboxOptions, host: HostSupport, folder: string, onSetUp: () => void): Promise<SandboxResult> {
  return new Promise<SandboxResult>((resolve, reject) => {
    const started = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(launch.command, launch.args, { cwd: folder, env: {}, detached: true, stdio: stdioFor(launch, options), windowsHide: true });
    } catch (error) {
      reject(new InternalError("INTERNAL", `Could not start the sandbox (${launch.command}): ${(error as Error).message}`, {}, { cause: error }));
      return;
    }

    let killedFor: KillReason | null = null;
    let exit: { code: number | null; signal: string | null; wallMs: number } | null = null;
    let finished = false;
    let cpuSeconds = 0;
    let peakRssBytes = 0;
    let watchedPid: number | null = null;
    let sampling = false;
    let setupStatus = "";
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
    const channelOut: Buffer[] = [];
    let channelBytes = 0;
    let channelTruncated = false;
    const channel = options.privateChannel ? (child.stdio[CHANNEL_FD] as Duplex) : null;
    if (channel) {
      channel.on("error", () => undefined); // the code may close its end before reading
      channel.on("data", (data: Buffer) => {
        if (channelTruncated) return;
        const room = options.maxOutputBytes - channelBytes;
        channelOut.push(data.subarray(0, room));
        channelBytes += Math.min(room, data.length);
        if (data.length > room) {
          channelTruncated = true;
          killFor("output");
        }
      });
      channel.end(options.privateChannel!.input);
    }
    const status = launch.strong ? (child.stdio[SETUP_STATUS_FD] as Duplex) : null;
    status?.on("data", (data: Buffer) => {
      setupStatus += data.toString("utf8");
      if (setupStatus.includes(SETUP_READY)) onSetUp();
    });

    const memoryCeiling = (options.memoryMb + NODE_OVERHEAD_MB) * 2 ** 20;
    const watch = async (): Promise<void> => {
      if (sampling || exit || finished || child.pid === undefined) return;
      sampling = true;
      try {
        // The wrappers (timeout, unshare) each have one child; Node is launch.nodeDepth below the spawned process.
        watchedPid ??= await descendantPid(child.pid, launch.nodeDepth);
        if (watchedPid === null) return;
        const sample = await sampleProcess(watchedPid);
        if (!sample || exit || finished) return;
        cpuSeconds = Math.max(cpuSeconds, sample.cpuSeconds);
        peakRssBytes = Math.max(peakRssBytes, sample.rssBytes);
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
      for (const stream of [child.stdout, child.stderr, channel, status]) stream?.destroy();
      const ended = { ...(exit ?? { code: null, signal: null, wallMs: performance.now() - started }) };
      let stderr = output.text("stderr");
      if (!host.disableWarningFlag) stderr = withoutPermissionWarning(stderr);
      // unshare relays every fatal signal but SIGKILL, which it reports as this line and exit 1.
      if (launch.nodeDepth > 0 && ended.code === 1 && unshareLostSigkill.test(stderr)) {
        stderr = stderr.replace(unshareLostSigkill, "");
        ended.code = null;
        ended.signal = "SIGKILL";
      }
      if (launch.strong && killedFor === null && !setupStatus.includes(SETUP_READY)) {
        reject(
          new InternalError(
            "INTERNAL",
            `The strong sandbox could not be set up: ${stderr.trim().split("\n").slice(-3).join(" / ") || `exit ${ended.code ?? ended.signal}`}`,
            { stderr },
          ),
        );
        return;
      }
      const ending = {
        killedFor,
        exitCode: ended.code,
        signal: ended.signal,
        stderr,
        cpuSeconds,
        cpuLimitSeconds: options.cpuSeconds,
        peakRssBytes,
        memoryCeilingBytes: memoryCeiling,
      };
      const { outcome, limit } = classifyEnding(ending);
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
        ...(channel ? { privateChannel: { output: Buffer.concat(channelOut).toString("utf8"), truncated: channelTruncated } } : {}),
      });
    };

    child.on("error", (error) => {
      if (child.pid === undefined && !finished) {
        finished = true;
        for (const timer of timers) clearTimeout(timer);
        reject(new InternalError("INTERNAL", `Could not start the sandbox (${launch.command}): ${error.message}`, {}, { cause: error }));
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
