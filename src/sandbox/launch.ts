/**
 * The command line that starts a sandboxed run, layer by layer:
 *   timeout -s KILL ...             (wall-clock backstop that holds even if this process dies)
 *   prlimit --cpu --data ...        (kernel resource limits, inherited by everything below)
 *   strong: unshare + bash setup    (private root, tmpfs workspace, unprivileged uid: isolate.ts)
 *   weak:   unshare --user --net --pid when allowed, bash closing inherited descriptors
 *   node --experimental-permission --allow-fs-read/write=<folder> --max-old-space-size --import <block>
 * and a plain-words account of what protected the run.
 */
import path from "node:path";
import type { HostSupport, StrongMode, StrongSupport } from "./hostSupport.js";
import { NAMESPACE_FLAGS, NPROC_LIMIT } from "./hostSupport.js";
import { inProcessBlockUrl } from "./inProcessBlock.js";
import { CHANNEL_FD, shellQuote, strongArgv, type StrongRun } from "./isolate.js";
import type { ResolvedSandboxOptions } from "./options.js";

/**
 * Room for Node itself on top of memoryMb under RLIMIT_DATA: its dozen thread stacks alone
 * take ~80 MiB of address space, and Node silently loses its thread pool when they do not fit.
 */
export const NODE_OVERHEAD_MB = 128;
const OPEN_FILES_LIMIT = 256;
export const WATCH_INTERVAL_MS = 50;
/** The timeout backstop fires this long after the host's own wall-clock kill should have. */
const BACKSTOP_MARGIN_S = 5;
/** First uid/gid of the range strong root-mode runs draw from (unmapped, so owned by nobody else). */
const SANDBOX_ID_BASE = 0x6c000000;

export type { SandboxStrength } from "./options.js";
import type { SandboxStrength } from "./options.js";

export interface SandboxIsolation {
  /** strong: kernel isolation (private root, tmpfs workspace, unprivileged uid); weak: Node-level layers only. */
  strength: SandboxStrength;
  /** How the strong layers got the right to mount. */
  mode?: StrongMode;
  network: "namespace" | "blocked-in-process";
  filesystem: string;
  /** Every layer applied to this run, in plain words. */
  layers?: string[];
}

export interface Launch {
  command: string;
  args: string[];
  isolation: SandboxIsolation;
  /** Wrapper processes between the spawned one and Node (Node is this many generations down). */
  nodeDepth: number;
  /** The strong run to prepare (mount tables) before spawning, or null for the weak level. */
  strong: StrongRun | null;
}

function limitsPrefix(options: ResolvedSandboxOptions, host: HostSupport, layers: string[]): string[] {
  if (!host.prlimit) {
    layers.push("no prlimit here: CPU time and memory enforced by the watchdog and --max-old-space-size only");
    return [];
  }
  const dataBytes = (options.memoryMb + NODE_OVERHEAD_MB) * 2 ** 20;
  layers.push(
    `rlimits: CPU ${options.cpuSeconds + 1} s (backstop), data ${options.memoryMb + NODE_OVERHEAD_MB} MiB, file size ${options.maxFileBytes} bytes, ${OPEN_FILES_LIMIT} open files, no core dumps` +
      (host.nprocLimit ? `, ${NPROC_LIMIT} tasks` : " (RLIMIT_NPROC not usable here)"),
  );
  return [
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
  ];
}

function nodeArgs(options: ResolvedSandboxOptions, folder: string, host: HostSupport, blockScope: "path-sockets" | "all"): string[] {
  return [
    "--experimental-permission",
    `--allow-fs-read=${folder}`,
    `--allow-fs-write=${folder}`,
    `--max-old-space-size=${options.memoryMb}`,
    ...(host.disableWarningFlag ? ["--disable-warning=ExperimentalWarning"] : []),
    "--import",
    inProcessBlockUrl(blockScope),
    path.join(folder, options.entry),
    ...options.args,
  ];
}

function commonLayers(options: ResolvedSandboxOptions, host: HostSupport): string[] {
  return [
    "Node permission model: file reads and writes only inside the workspace; no child processes, worker threads, native addons, WASI or inspector",
    "empty environment",
    `own process group, killed with SIGKILL at ${options.timeoutMs} ms wall time or on any limit`,
    host.procfs ? `watchdog every ${WATCH_INTERVAL_MS} ms: CPU time (limit ${options.cpuSeconds} s) and resident memory` : "no /proc: no CPU/memory watchdog",
  ];
}

function backstop(options: ResolvedSandboxOptions, host: HostSupport, layers: string[]): string[] {
  const timeout = host.timeout;
  if (!timeout) return [];
  const seconds = Math.ceil(options.timeoutMs / 1000) + BACKSTOP_MARGIN_S;
  layers.push(`timeout backstop: SIGKILL after ${seconds} s even if the host process is gone`);
  return [timeout, "--signal=KILL", `${seconds}s`];
}

function strongLaunch(options: ResolvedSandboxOptions, folder: string, host: HostSupport, support: StrongSupport): Launch {
  const layers: string[] = [];
  const guard = backstop(options, host, layers);
  const prefix = [...guard, ...limitsPrefix(options, host, layers)];
  const id = SANDBOX_ID_BASE + Math.floor(Math.random() * 0x00ffffff);
  const strong: StrongRun = {
    support,
    folder,
    uid: id,
    gid: id,
    workspaceBytes: options.workspaceBytes,
    workspaceInodes: options.workspaceInodes,
    readOnlyFiles: options.readOnlyFiles,
    channel: options.privateChannel !== null,
    nodeArgs: nodeArgs(options, folder, host, "path-sockets"),
  };
  const argv = [...prefix, ...strongArgv(strong)];
  layers.push(
    support.mode === "root" ? "mount, PID, network, IPC and UTS namespaces" : "user, mount, PID, network, IPC and UTS namespaces (unprivileged user namespace)",
    "private root: only Node, its libraries and the workspace are there (pivot_root; the host's root is detached)",
    `workspace on a fresh tmpfs: ${options.workspaceBytes} bytes, ${options.workspaceInodes} inodes; gone with the namespace`,
    ...(options.readOnlyFiles.length ? [`read-only by the kernel: ${options.readOnlyFiles.join(", ")}`] : []),
    support.mode === "root"
      ? `runs as uid/gid ${id} (no capabilities, no supplementary groups)`
      : "root of its user namespace with every capability dropped and the root securebits locked",
    "no_new_privs; SIGKILL when its parent dies",
    "every inherited descriptor above 2 closed before exec" + (options.privateChannel ? ` (fd ${CHANNEL_FD} is the private channel)` : ""),
    "own network namespace with no interface up; abstract Unix sockets are per namespace",
    ...commonLayers(options, host),
    "in-process block of Unix socket paths (second layer)",
  );
  return {
    command: argv[0]!,
    args: argv.slice(1),
    nodeDepth: (guard.length > 0 ? 1 : 0) + 1,
    strong,
    isolation: {
      strength: "strong",
      mode: support.mode,
      network: "namespace",
      filesystem: `private root with a tmpfs workspace at ${folder} (${options.workspaceBytes} bytes, ${options.workspaceInodes} inodes); Node's permission model inside it`,
      layers,
    },
  };
}

function weakLaunch(options: ResolvedSandboxOptions, folder: string, host: HostSupport): Launch {
  const layers: string[] = ["WEAK: no private root, no tmpfs workspace, no uid change (the kernel offered no strong isolation, or it was not asked for)"];
  const guard = backstop(options, host, layers);
  const prefix = [...guard, ...limitsPrefix(options, host, layers)];
  const usesNamespace = host.unshare !== null && options.network === "auto";
  if (usesNamespace) {
    prefix.push(host.unshare!, ...NAMESPACE_FLAGS, "--");
    layers.push(
      "own network namespace with no interface up",
      "own PID namespace: cannot see or signal host processes",
      "own user namespace with no uid mapped",
    );
  }
  const blockScope = usesNamespace ? "path-sockets" : "all";
  const node = [process.execPath, ...nodeArgs(options, folder, host, blockScope)];
  let argv: string[];
  if (host.bash) {
    const keep = options.privateChannel ? `0|1|2|${CHANNEL_FD}` : "0|1|2";
    const script = `for fd in /proc/self/fd/*; do n=\${fd##*/}; case $n in ${keep}) ;; *) eval "exec $n>&-" ;; esac; done\nexec -c ${node.map(shellQuote).join(" ")}\n`;
    argv = [...prefix, host.bash, "-c", script, "limbic-sandbox"];
    layers.push("every inherited descriptor above 2 closed before exec");
  } else {
    argv = [...prefix, ...node];
    layers.push("no bash here: descriptors this process inherited stay open in the sandbox");
  }
  layers.push(
    ...commonLayers(options, host),
    blockScope === "all"
      ? "in-process block of TCP, UDP, DNS, Unix sockets and signals to other processes (no namespaces here)"
      : "in-process block of Unix socket paths (a network namespace does not cover them)",
    "fresh temporary folder on the host's disk (file size capped per file only), deleted afterwards",
  );
  return {
    command: argv[0]!,
    args: argv.slice(1),
    nodeDepth: (guard.length > 0 ? 1 : 0) + (usesNamespace ? 1 : 0),
    strong: null,
    isolation: {
      strength: "weak",
      network: usesNamespace ? "namespace" : "blocked-in-process",
      filesystem: `Node permission model only: read and write ${folder} (a fresh temporary folder on the host's disk, deleted afterwards)`,
      layers,
    },
  };
}

/** Strong when this host has it (and the caller did not force the in-process fallback), else weak. */
export function buildLaunch(options: ResolvedSandboxOptions, folder: string, host: HostSupport, support: StrongSupport | null): Launch {
  return support && options.network === "auto" ? strongLaunch(options, folder, host, support) : weakLaunch(options, folder, host);
}
