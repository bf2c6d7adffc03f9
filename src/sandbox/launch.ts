/**
 * The command line that starts a sandboxed run, layer by layer:
 *   prlimit --cpu --data ...        (kernel resource limits, inherited by everything below)
 *   unshare --user --net --pid ...  (own user, network and PID namespaces)
 *   node --experimental-permission --allow-fs-read/write=<folder> --max-old-space-size --import <network block>
 * and a plain-words account of what protected the run.
 */
import path from "node:path";
import type { HostSupport } from "./hostSupport.js";
import { NAMESPACE_FLAGS, NPROC_LIMIT } from "./hostSupport.js";
import { inProcessBlockUrl } from "./inProcessBlock.js";
import type { ResolvedSandboxOptions } from "./options.js";

/**
 * Room for Node itself on top of memoryMb under RLIMIT_DATA: its dozen thread stacks alone
 * take ~80 MiB of address space, and Node silently loses its thread pool when they do not fit.
 */
export const NODE_OVERHEAD_MB = 128;
const OPEN_FILES_LIMIT = 256;
export const WATCH_INTERVAL_MS = 50;

export interface SandboxIsolation {
  network: "namespace" | "blocked-in-process";
  filesystem: string;
  /** Every layer applied to this run, in plain words. */
  layers?: string[];
}

export interface Launch {
  command: string;
  args: string[];
  isolation: SandboxIsolation;
  /** Node runs as a child of unshare (PID 1 of its own namespace) rather than as the spawned process. */
  usesNamespace: boolean;
}

export function buildLaunch(options: ResolvedSandboxOptions, folder: string, host: HostSupport): Launch {
  const usesNamespace = host.unshare !== null && options.network === "auto";
  const layers: string[] = [];
  const argv: string[] = [];

  // prlimit goes first so unshare, and every process it could lead to, inherits the limits.
  if (host.prlimit) {
    const dataBytes = (options.memoryMb + NODE_OVERHEAD_MB) * 2 ** 20;
    argv.push(
      host.prlimit,
      // The watchdog stops the script at cpuSeconds; RLIMIT_CPU is the kernel's backstop a second later
      // (as PID 1 of its namespace Node would ignore a soft-limit SIGXCPU anyway).
      `--cpu=${options.cpuSeconds + 1}`,
      `--data=${dataBytes}`,
      `--fsize=${options.maxFileBytes}`,
      `--nofile=${OPEN_FILES_LIMIT}`,
      "--core=0",
      ...(host.nprocLimit ? [`--nproc=${NPROC_LIMIT}`] : []),
      "--",
    );
    layers.push(
      `rlimits: CPU ${options.cpuSeconds + 1} s (backstop), data ${options.memoryMb + NODE_OVERHEAD_MB} MiB, file size ${options.maxFileBytes} bytes, ${OPEN_FILES_LIMIT} open files, no core dumps` +
        (host.nprocLimit ? `, ${NPROC_LIMIT} tasks` : " (RLIMIT_NPROC not usable here)"),
    );
  } else {
    layers.push("no prlimit here: CPU time and memory enforced by the watchdog and --max-old-space-size only");
  }
  if (usesNamespace) {
    argv.push(host.unshare!, ...NAMESPACE_FLAGS, "--");
    layers.push(
      "own network namespace with no interface up",
      "own PID namespace: cannot see or signal host processes; all of it dies with the script",
      "own user namespace with no uid mapped: no capabilities",
    );
  }

  const blockScope = usesNamespace ? "path-sockets" : "all";
  argv.push(
    process.execPath,
    "--experimental-permission",
    `--allow-fs-read=${folder}`,
    `--allow-fs-write=${folder}`,
    `--max-old-space-size=${options.memoryMb}`,
    ...(host.disableWarningFlag ? ["--disable-warning=ExperimentalWarning"] : []),
    "--import",
    inProcessBlockUrl(blockScope),
    path.join(folder, options.entry),
    ...options.args,
  );
  layers.push(
    "Node permission model: file reads and writes only inside the sandbox folder; no child processes, worker threads, native addons, WASI or inspector",
    blockScope === "all"
      ? "in-process block of TCP, UDP, DNS, Unix sockets and signals to other processes (no namespaces here)"
      : "in-process block of Unix socket paths (a network namespace does not cover them)",
    "empty environment",
    `own process group, killed with SIGKILL at ${options.timeoutMs} ms wall time or on any limit`,
    host.procfs ? `watchdog every ${WATCH_INTERVAL_MS} ms: CPU time (limit ${options.cpuSeconds} s) and resident memory` : "no /proc: no CPU/memory watchdog",
    "fresh temporary folder, deleted afterwards",
  );

  return {
    command: argv[0]!,
    args: argv.slice(1),
    usesNamespace,
    isolation: {
      network: usesNamespace ? "namespace" : "blocked-in-process",
      filesystem: `Node permission model: read and write only ${folder} (a fresh temporary folder, deleted afterwards)`,
      layers,
    },
  };
}
