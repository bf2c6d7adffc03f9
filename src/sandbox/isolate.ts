/**
 * Strong isolation, built by the kernel rather than by patching Node. A bash script, run by
 * `unshare` in fresh mount, PID, network, IPC and UTS namespaces (plus a user namespace when this
 * process is not root), does in order:
 *   1. closes every inherited descriptor above 2 (keeping only the private channel and its status pipe);
 *   2. mounts a small tmpfs as the new root, and on it the workspace: a fresh tmpfs with a byte and
 *      an inode limit, holding a copy of the caller's files;
 *   3. binds Node, its libraries and two tools read-only into the new root, and the caller's
 *      read-only files onto themselves read-only; remounts the new root read-only;
 *   4. pivots into the new root and detaches the old one, so nothing of the host is left in reach;
 *   5. drops to an unprivileged uid and gid (root mode; in a user namespace: every capability and
 *      the root securebits), sets no_new_privs, asks for SIGKILL if its parent dies, clears the
 *      environment and execs Node, which becomes PID 1 of its namespace.
 * When the last process exits the namespaces go, and the workspace tmpfs with them.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { StrongMode, StrongSupport } from "./strongSupport.js";

/** Inside the host temp folder: the caller's files, and the empty folder the new root is mounted on. */
export const STAGE_FOLDER = "stage";
export const MOUNT_FOLDER = "root";
/** Descriptors the script keeps: 3 is the private channel (when asked for), 4 its own "setup done" pipe. */
export const CHANNEL_FD = 3;
export const SETUP_STATUS_FD = 4;
export const SETUP_READY = "limbic-sandbox-ready";
export const MOUNTS_TABLE = "mounts.fstab";
export const READ_ONLY_TABLE = "read-only.fstab";

export interface StrongRun {
  support: StrongSupport;
  /** Host temp folder; also the workspace's path inside, so paths read the same on both sides. */
  folder: string;
  /** The unprivileged ids the code runs as (root mode). */
  uid: number;
  gid: number;
  workspaceBytes: number;
  workspaceInodes: number;
  /** Workspace-relative files bound read-only onto themselves. */
  readOnlyFiles: string[];
  channel: boolean;
  /** Node's arguments after the binary. */
  nodeArgs: string[];
}

export function unshareFlags(mode: StrongMode): string[] {
  return [
    ...(mode === "user-namespace" ? ["--user", "--map-root-user"] : []),
    "--mount",
    "--net",
    "--pid",
    "--ipc",
    "--uts",
    "--fork",
    "--kill-child",
    "--propagation",
    "private",
  ];
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function dropPrivileges(run: StrongRun): string[] {
  const common = ["--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--pdeathsig=KILL"];
  if (run.support.mode === "root") return [`--reuid=${run.uid}`, `--regid=${run.gid}`, "--clear-groups", ...common];
  // Root of a user namespace: keep the one mapped uid, lose every capability for good.
  return ["--securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked,+keep_caps_locked", ...common];
}

/** fstab escapes: a space or tab inside a path is written octal. */
function fstabPath(value: string): string {
  return value.replace(/\\/g, "\\134").replace(/ /g, "\\040").replace(/\t/g, "\\011").replace(/\n/g, "\\012");
}

/**
 * Two mount tables, so each is one `mount --all` call: the workspace tmpfs and the runtime files
 * first; the read-only binds of the caller's files after they are copied in.
 */
export function mountTables(run: StrongRun): { [MOUNTS_TABLE]: string; [READ_ONLY_TABLE]: string } {
  const root = `${run.folder}/${MOUNT_FOLDER}`;
  const owner = run.support.mode === "root" ? `,uid=${run.uid},gid=${run.gid}` : "";
  const line = (source: string, target: string, type: string, options: string) => `${fstabPath(source)} ${fstabPath(target)} ${type} ${options} 0 0`;
  const bind = (source: string, target: string) => line(source, target, "none", "bind,ro,nosuid,nodev");
  const mounts = [
    line("limbic-workspace", root + run.folder, "tmpfs", `size=${run.workspaceBytes},nr_inodes=${run.workspaceInodes},mode=0755,nosuid,nodev${owner}`),
    ...run.support.runtime.map((file) => bind(file.source, root + file.inside)),
    // umount needs /proc for its mount table; it is gone again before Node starts.
    line("proc", `${root}/proc`, "proc", "nosuid,nodev,noexec"),
  ];
  // A folder holding a read-only file is pinned (bound onto itself), outermost first: renaming or
  // removing a mount point fails, so the folder cannot be swapped for one with another file in it.
  const folders = new Set<string>();
  for (const file of run.readOnlyFiles) {
    const parts = file.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  const pinned = [...folders].sort((a, b) => a.split("/").length - b.split("/").length);
  const inWorkspace = (name: string) => `${root}${run.folder}/${name}`;
  const readOnly = [
    ...pinned.map((name) => line(inWorkspace(name), inWorkspace(name), "none", "bind,nosuid,nodev")),
    ...run.readOnlyFiles.map((file) => bind(inWorkspace(file), inWorkspace(file))),
  ];
  return { [MOUNTS_TABLE]: mounts.join("\n") + "\n", [READ_ONLY_TABLE]: readOnly.join("\n") + "\n" };
}

/** Writes the mount tables into the run's host folder (outside the stage: the code never sees them). */
export async function writeMountTables(run: StrongRun): Promise<void> {
  for (const [name, text] of Object.entries(mountTables(run))) await fs.writeFile(path.join(run.folder, name), text);
}

export function strongSetupScript(run: StrongRun): string {
  const q = shellQuote;
  const { support, folder } = run;
  const root = `${folder}/${MOUNT_FOLDER}`;
  const inside = (p: string) => q(root + p);
  const folders = new Set<string>([`${root}/.old`, `${root}/proc`, root + folder]);
  for (const file of support.runtime) folders.add(root + file.inside.slice(0, file.inside.lastIndexOf("/")));
  const keep = run.channel ? `${CHANNEL_FD}|${SETUP_STATUS_FD}` : `${SETUP_STATUS_FD}`;
  const t = Object.fromEntries(Object.entries(support.tools).map(([name, file]) => [name, q(file)])) as Record<keyof StrongSupport["tools"], string>;
  const lines = [
    "set -eu",
    `for fd in /proc/self/fd/*; do n=\${fd##*/}; case $n in 0|1|2|${keep}) ;; *) eval "exec $n>&-" ;; esac; done`,
    `${t.mount} -t tmpfs -o size=4m,nr_inodes=1024,mode=0755,nosuid,nodev limbic-root ${q(root)}`,
    `${t.mkdir} -p ${[...folders].map(q).join(" ")}`,
    `for f in ${support.runtime.map((file) => inside(file.inside)).join(" ")}; do : > "$f"; done`,
    `${t.mount} --all --fstab ${q(`${folder}/${MOUNTS_TABLE}`)}`,
    `${t.cp} -R ${q(`${folder}/${STAGE_FOLDER}/.`)} ${inside(folder + "/")}`,
    ...(support.mode === "root" ? [`${t.chown} -R ${run.uid}:${run.gid} ${inside(folder)}`] : []),
    ...(run.readOnlyFiles.length > 0 ? [`${t.mount} --all --fstab ${q(`${folder}/${READ_ONLY_TABLE}`)}`] : []),
    `${t.mount} -o remount,bind,ro,nosuid,nodev ${q(root)}`,
    `cd ${q(root)}`,
    `${t.pivotRoot} . .old`,
    `${q(support.umountInside)} --lazy /.old /proc`,
    `cd ${q(folder)}`,
    `echo ${SETUP_READY} >&${SETUP_STATUS_FD}`,
    `exec ${SETUP_STATUS_FD}>&-`,
    `exec -c ${q(support.setprivInside)} ${dropPrivileges(run).join(" ")} -- ${q(support.nodeInside)} ${run.nodeArgs.map(q).join(" ")}`,
  ];
  return lines.join("\n") + "\n";
}

/** The command line from `unshare` on (the caller puts prlimit and timeout in front). */
export function strongArgv(run: StrongRun): string[] {
  const { tools, mode } = run.support;
  return [tools.unshare, ...unshareFlags(mode), "--", tools.bash, "-c", strongSetupScript(run), "limbic-sandbox"];
}
