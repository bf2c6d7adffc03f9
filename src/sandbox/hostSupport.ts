/**
 * What this machine offers the sandbox, found out once per process by trying it:
 * namespaces through `unshare --user --net --pid`, resource limits through `prlimit`,
 * and whether RLIMIT_NPROC leaves Node room for its own threads.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface HostSupport {
  /** Path of `unshare` when unprivileged user, network and PID namespaces work here, else null. */
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
 * A user namespace (no uid mapping, so no capabilities inside), a network namespace with no
 * interface up, and a PID namespace: the script cannot see or signal host processes, and
 * everything in it dies when the script (its PID 1) dies.
 */
export const NAMESPACE_FLAGS = ["--user", "--net", "--pid", "--fork", "--kill-child"] as const;

/** Tasks (threads count) allowed per sandbox: Node itself needs about a dozen. */
export const NPROC_LIMIT = 128;

const standardFolders = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"];

function findExecutable(name: string): string | null {
  const folders = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...standardFolders];
  for (const folder of folders) {
    const candidate = path.join(folder, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

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

async function detect(): Promise<HostSupport> {
  const linux = process.platform === "linux";
  const disableWarningFlag = process.allowedNodeEnvironmentFlags.has("--disable-warning");
  const procfs = linux && fs.existsSync("/proc/self/status");
  if (!linux) return { unshare: null, prlimit: null, nprocLimit: false, disableWarningFlag, procfs };

  const unshareCandidate = findExecutable("unshare");
  const unshare = unshareCandidate && (await probe([unshareCandidate, ...NAMESPACE_FLAGS, "--"])) ? unshareCandidate : null;
  const namespaces = unshare ? [unshare, ...NAMESPACE_FLAGS, "--"] : [];
  const prlimitCandidate = findExecutable("prlimit");
  const prlimit = prlimitCandidate && (await probe([prlimitCandidate, "--core=0", "--cpu=5", "--", ...namespaces])) ? prlimitCandidate : null;
  // Outside a user namespace RLIMIT_NPROC counts every process of the user, so it may not fit; try it.
  const nprocLimit = prlimit !== null && (await probe([prlimit, `--nproc=${NPROC_LIMIT}`, "--", ...namespaces]));
  return { unshare, prlimit, nprocLimit, disableWarningFlag, procfs };
}

let detected: Promise<HostSupport> | undefined;

/** Detected once per process; later calls share the answer. */
export function hostSupport(): Promise<HostSupport> {
  detected ??= detect();
  return detected;
}
