/**
 * What this machine offers the sandbox, found out once per process by trying it: strong isolation
 * (mount, PID, network, IPC and UTS namespaces with a private root; see isolate.ts) as root or in
 * an unprivileged user namespace, the older weak layers (user/net/pid namespaces without a mount
 * namespace), resource limits through `prlimit`, and whether RLIMIT_NPROC leaves Node room for its
 * own threads.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import { findExecutable, runtimeFilesFor } from "./runtimeFiles.js";
import { trialStrongRun } from "./trial.js";

export type { StrongMode, StrongSupport } from "./strongSupport.js";
import type { StrongMode, StrongSupport } from "./strongSupport.js";

export interface HostSupport {
  /** Strong isolation (the first mode that works: root before user namespace), or null with the reason in strongUnavailable. */
  strong: StrongSupport | null;
  strongUnavailable: string | null;
  /** Each strong mode that works here (tests run both). */
  strongModes: Partial<Record<StrongMode, StrongSupport>>;
  /** GNU timeout, as a wall-clock backstop that holds even if this process dies. */
  timeout: string | null;
  /** bash, used to close inherited descriptors before Node starts (both levels). */
  bash: string | null;
  /** Path of `unshare` when unprivileged user, network and PID namespaces work here (the weak level's namespaces), else null. */
  unshare: string | null;
  /** Path of `prlimit` when it runs Node under limits here, else null. */
  prlimit: string | null;
  /** RLIMIT_NPROC can be set without starving Node of threads. */
  nprocLimit: boolean;
  /** Node understands --disable-warning (20.11+), so the permission model's warning can be silenced. */
  disableWarningFlag: boolean;
  /** /proc is there to watch the child's memory and CPU time. */
  procfs: boolean;
}

/**
 * The weak level's namespaces: a user namespace (no uid mapping), a network namespace with no
 * interface up, and a PID namespace. No mount namespace, so the permission model alone guards files.
 */
export const NAMESPACE_FLAGS = ["--user", "--net", "--pid", "--fork", "--kill-child"] as const;

/** Tasks (threads count) allowed per sandbox: Node itself needs about a dozen. */
export const NPROC_LIMIT = 128;

/** Runs Node (behind the given wrappers) on a probe that also starts the thread pool, and says whether it answered. */
function probe(prefix: string[]): Promise<boolean> {
  const script = "require('fs').stat('.', (error) => process.stdout.write(error ? 'failed' : 'probe-ok'))";
  const argv = [...prefix, process.execPath, "-e", script];
  return new Promise((resolve) => {
    try {
      execFile(argv[0]!, argv.slice(1), { env: {}, timeout: 5000, windowsHide: true }, (error, stdout) => resolve(!error && stdout === "probe-ok"));
    } catch {
      resolve(false);
    }
  });
}

interface StrongDetection {
  modes: Partial<Record<StrongMode, StrongSupport>>;
  why: string | null;
}

async function detectStrong(prlimit: string | null): Promise<StrongDetection> {
  const names = ["bash", "unshare", "mount", "mkdir", "cp", "chown", "pivot_root", "umount", "setpriv"] as const;
  const found = Object.fromEntries(names.map((name) => [name, findExecutable(name)])) as Record<(typeof names)[number], string | null>;
  const missing = names.filter((name) => !found[name]);
  if (missing.length > 0) return { modes: {}, why: `missing tools: ${missing.join(", ")} (bash and util-linux provide them)` };
  const node = fs.realpathSync(process.execPath);
  const runtime = await runtimeFilesFor([
    { binary: node, inside: node },
    { binary: found.setpriv!, inside: "/.limbic/setpriv" },
    { binary: found.umount!, inside: "/.limbic/umount" },
  ]);
  if (typeof runtime === "string") return { modes: {}, why: runtime };
  const base = {
    tools: {
      bash: found.bash!,
      unshare: found.unshare!,
      mount: found.mount!,
      mkdir: found.mkdir!,
      cp: found.cp!,
      chown: found.chown!,
      pivotRoot: found.pivot_root!,
    },
    runtime,
    nodeInside: node,
    setprivInside: "/.limbic/setpriv",
    umountInside: "/.limbic/umount",
  };
  // Real root mounts directly and drops to a uid of its own; anyone else needs a user namespace.
  const modes: StrongMode[] = process.getuid?.() === 0 ? ["root", "user-namespace"] : ["user-namespace"];
  const failures: string[] = [];
  const working: Partial<Record<StrongMode, StrongSupport>> = {};
  for (const mode of modes) {
    const candidate: StrongSupport = { mode, ...base };
    const failure = await trialStrongRun(candidate, prlimit);
    if (failure === null) working[mode] = candidate;
    else failures.push(`${mode}: ${failure}`);
  }
  return { modes: working, why: Object.keys(working).length > 0 ? null : `the kernel refused the namespaces or mounts (${failures.join("; ")})` };
}

async function detect(): Promise<HostSupport> {
  const linux = process.platform === "linux";
  const disableWarningFlag = process.allowedNodeEnvironmentFlags.has("--disable-warning");
  const procfs = linux && fs.existsSync("/proc/self/status");
  if (!linux) {
    const why = `strong isolation needs Linux namespaces; this is ${process.platform}`;
    return {
      strong: null,
      strongUnavailable: why,
      strongModes: {},
      timeout: null,
      bash: null,
      unshare: null,
      prlimit: null,
      nprocLimit: false,
      disableWarningFlag,
      procfs,
    };
  }
  const unshareCandidate = findExecutable("unshare");
  const unshare = unshareCandidate && (await probe([unshareCandidate, ...NAMESPACE_FLAGS, "--"])) ? unshareCandidate : null;
  const namespaces = unshare ? [unshare, ...NAMESPACE_FLAGS, "--"] : [];
  const prlimitCandidate = findExecutable("prlimit");
  const prlimit = prlimitCandidate && (await probe([prlimitCandidate, "--core=0", "--cpu=5", "--", ...namespaces])) ? prlimitCandidate : null;
  // Outside a user namespace RLIMIT_NPROC counts every process of the user, so it may not fit; try it.
  const nprocLimit = prlimit !== null && (await probe([prlimit, `--nproc=${NPROC_LIMIT}`, "--", ...namespaces]));
  const { modes, why } = await detectStrong(prlimit);
  const strong = modes.root ?? modes["user-namespace"] ?? null;
  return {
    strong,
    strongUnavailable: why,
    strongModes: modes,
    timeout: findExecutable("timeout"),
    bash: findExecutable("bash"),
    unshare,
    prlimit,
    nprocLimit,
    disableWarningFlag,
    procfs,
  };
}

let detected: Promise<HostSupport> | undefined;

/** Detected once per process; later calls share the answer. */
export function hostSupport(): Promise<HostSupport> {
  detected ??= detect();
  return detected;
}
