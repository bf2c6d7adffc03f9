/** Checks SandboxOptions and fills in the defaults; every problem is an InvalidInputError. */
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import type { StrongMode } from "./hostSupport.js";

export type SandboxStrength = "strong" | "weak";

/** Where model-written code may reach the network from inside the sandbox. */
export type NetworkIsolationMode = "auto" | "in-process";

export interface ResolvedSandboxOptions {
  files: [relativePath: string, content: string][];
  entry: string;
  args: string[];
  timeoutMs: number;
  cpuSeconds: number;
  memoryMb: number;
  maxOutputBytes: number;
  maxFileBytes: number;
  network: NetworkIsolationMode;
  strength: SandboxStrength;
  readOnlyFiles: string[];
  privateChannel: { input: string } | null;
  workspaceBytes: number;
  workspaceInodes: number;
  strongMode: StrongMode | null;
}

export const SANDBOX_LIMITS = {
  timeoutMs: { min: 1, max: 600_000, fallback: 5000 },
  cpuSeconds: { min: 1, max: 600 },
  // Below ~32 MiB of heap Node cannot even load a script; above 16 GiB is not a sandbox any more.
  memoryMb: { min: 32, max: 16_384, fallback: 256 },
  maxOutputBytes: { min: 1, max: 256 * 2 ** 20, fallback: 2 ** 20 },
  maxFileBytes: { min: 1, max: 2 ** 30, fallback: 64 * 2 ** 20 },
  fileCount: 1000,
  totalFileBytes: 64 * 2 ** 20,
  argCount: 256,
  argLength: 10_000,
  workspaceBytes: { min: 2 ** 20, max: 4 * 2 ** 30, fallback: 64 * 2 ** 20 },
  workspaceInodes: { min: 16, max: 1_000_000, fallback: 4096 },
  channelInputBytes: 16 * 2 ** 20,
} as const;

export interface SandboxOptions {
  /** Relative path -> content, written into a fresh temp folder. */
  files: Record<string, string>;
  /** Relative path of the file node runs. */
  entry: string;
  args?: string[];
  /** Wall-clock limit, default 5000. */
  timeoutMs?: number;
  /** CPU-time limit, default ceil(timeoutMs/1000). */
  cpuSeconds?: number;
  /** Memory for the script's heap and buffers, default 256 (Node itself gets NODE_OVERHEAD_MB more). */
  memoryMb?: number;
  /** stdout+stderr cap, default 1 MiB. */
  maxOutputBytes?: number;
  /** Largest file the script may write in its folder (RLIMIT_FSIZE), default 64 MiB. */
  maxFileBytes?: number;
  /** "auto" uses a network namespace when this machine has one; "in-process" forces the weak level with the in-process block (for tests). */
  network?: NetworkIsolationMode;
  /**
   * "strong" (default) refuses to run where the kernel gives no isolation (SandboxUnavailableError);
   * "weak" runs anyway on the Node-level layers there. The result says which level the run got.
   */
  strength?: SandboxStrength;
  /** Files the code may read but not change: read-only to the kernel (strong), or compared with their originals afterwards (weak). */
  readOnlyFiles?: string[];
  /** Written to the code's file descriptor 3 before it starts, then end of file; what it writes back there is result.privateChannel. */
  privateChannel?: { input: string };
  /** Size of the tmpfs workspace (strong), default 64 MiB: the cap on everything the code writes. */
  workspaceBytes?: number;
  /** Files and folders the tmpfs workspace may hold (strong), default 4096. */
  workspaceInodes?: number;
  /** Which strong mode to use (tests): default root when this process is root, else a user namespace. */
  strongMode?: StrongMode;
}

function invalid(message: string, details: Record<string, unknown> = {}): InvalidInputError {
  return new InvalidInputError("INVALID_ARGUMENT", message, details);
}

function integerInRange(name: string, value: unknown, min: number, max: number, unit: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`Sandbox option ${name} must be an integer from ${min} to ${max} (${unit}); got ${String(value)}.`, { [name]: value });
  }
  return value;
}

/**
 * A file name inside the sandbox folder: relative, forward slashes, no "..", no NUL.
 * Returns it normalised ("./a//b.js" -> "a/b.js").
 */
export function checkRelativePath(what: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid(`Sandbox ${what} must be a non-empty relative path; got ${JSON.stringify(value)}.`);
  if (value.includes("\0")) throw invalid(`Sandbox ${what} ${JSON.stringify(value)} contains a NUL character.`);
  if (value.includes("\\")) throw invalid(`Sandbox ${what} ${JSON.stringify(value)} contains a backslash; use "/" between folders.`);
  if (path.posix.isAbsolute(value) || path.win32.isAbsolute(value)) {
    throw invalid(`Sandbox ${what} ${JSON.stringify(value)} is absolute; give a path relative to the sandbox folder, e.g. "solution.js".`);
  }
  const segments = value.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) throw invalid(`Sandbox ${what} ${JSON.stringify(value)} leaves the sandbox folder (".."); give a path inside it.`);
  if (segments.length === 0) throw invalid(`Sandbox ${what} ${JSON.stringify(value)} names the folder itself, not a file.`);
  return segments.join("/");
}

export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
  if (typeof options !== "object" || options === null) throw invalid("runSandboxed needs an options object with files and entry.");
  const { files } = options;
  if (typeof files !== "object" || files === null || Array.isArray(files)) {
    throw invalid("Sandbox option files must be an object mapping relative paths to file contents.");
  }
  const entries = Object.entries(files);
  if (entries.length === 0) throw invalid("Sandbox option files is empty; give at least the entry file.");
  if (entries.length > SANDBOX_LIMITS.fileCount)
    throw invalid(`Sandbox option files has ${entries.length} files; at most ${SANDBOX_LIMITS.fileCount} are allowed.`);
  let totalBytes = 0;
  const seen = new Set<string>();
  const normalizedFiles: [string, string][] = [];
  for (const [name, content] of entries) {
    const relative = checkRelativePath("file path", name);
    if (typeof content !== "string") throw invalid(`Sandbox file ${JSON.stringify(name)} must have string content; got ${typeof content}.`);
    if (seen.has(relative)) throw invalid(`Sandbox files name ${JSON.stringify(relative)} twice.`);
    seen.add(relative);
    totalBytes += Buffer.byteLength(content);
    normalizedFiles.push([relative, content]);
  }
  if (totalBytes > SANDBOX_LIMITS.totalFileBytes) {
    throw invalid(`Sandbox files hold ${totalBytes} bytes; at most ${SANDBOX_LIMITS.totalFileBytes} are allowed.`);
  }
  const entry = checkRelativePath("entry", options.entry);
  if (!seen.has(entry)) throw invalid(`Sandbox entry ${JSON.stringify(options.entry)} is not one of the files (${[...seen].join(", ")}).`);

  const args = options.args ?? [];
  if (!Array.isArray(args) || args.length > SANDBOX_LIMITS.argCount)
    throw invalid(`Sandbox option args must be an array of at most ${SANDBOX_LIMITS.argCount} strings.`);
  for (const arg of args) {
    if (typeof arg !== "string" || arg.includes("\0") || arg.length > SANDBOX_LIMITS.argLength) {
      throw invalid(
        `Every sandbox argument must be a string without NUL characters, at most ${SANDBOX_LIMITS.argLength} characters; got ${JSON.stringify(arg)?.slice(0, 80)}.`,
      );
    }
  }

  const L = SANDBOX_LIMITS;
  const timeoutMs = integerInRange("timeoutMs", options.timeoutMs ?? L.timeoutMs.fallback, L.timeoutMs.min, L.timeoutMs.max, "milliseconds");
  const cpuSeconds = integerInRange("cpuSeconds", options.cpuSeconds ?? Math.ceil(timeoutMs / 1000), L.cpuSeconds.min, L.cpuSeconds.max, "seconds");
  const memoryMb = integerInRange("memoryMb", options.memoryMb ?? L.memoryMb.fallback, L.memoryMb.min, L.memoryMb.max, "MiB");
  const maxOutputBytes = integerInRange(
    "maxOutputBytes",
    options.maxOutputBytes ?? L.maxOutputBytes.fallback,
    L.maxOutputBytes.min,
    L.maxOutputBytes.max,
    "bytes",
  );
  const maxFileBytes = integerInRange("maxFileBytes", options.maxFileBytes ?? L.maxFileBytes.fallback, L.maxFileBytes.min, L.maxFileBytes.max, "bytes");
  const network = options.network ?? "auto";
  if (network !== "auto" && network !== "in-process") throw invalid(`Sandbox option network must be "auto" or "in-process"; got ${JSON.stringify(network)}.`);

  const strength = options.strength ?? "strong";
  if (strength !== "strong" && strength !== "weak") throw invalid(`Sandbox option strength must be "strong" or "weak"; got ${JSON.stringify(strength)}.`);
  const readOnly = options.readOnlyFiles ?? [];
  if (!Array.isArray(readOnly)) throw invalid("Sandbox option readOnlyFiles must be an array of file paths.");
  const readOnlyFiles = [...new Set(readOnly.map((name) => checkRelativePath("read-only file", name)))];
  for (const name of readOnlyFiles) if (!seen.has(name)) throw invalid(`Sandbox read-only file ${JSON.stringify(name)} is not one of the files.`);
  let privateChannel: { input: string } | null = null;
  if (options.privateChannel !== undefined) {
    const input = (options.privateChannel as { input?: unknown } | null)?.input;
    if (typeof input !== "string" || Buffer.byteLength(input) > L.channelInputBytes)
      throw invalid(`Sandbox option privateChannel must be { input: string } of at most ${L.channelInputBytes} bytes.`);
    privateChannel = { input };
  }
  const workspaceBytes = integerInRange(
    "workspaceBytes",
    options.workspaceBytes ?? L.workspaceBytes.fallback,
    L.workspaceBytes.min,
    L.workspaceBytes.max,
    "bytes",
  );
  const workspaceInodes = integerInRange(
    "workspaceInodes",
    options.workspaceInodes ?? L.workspaceInodes.fallback,
    L.workspaceInodes.min,
    L.workspaceInodes.max,
    "files and folders",
  );
  if (totalBytes >= workspaceBytes) throw invalid(`Sandbox files hold ${totalBytes} bytes, more than the workspace's ${workspaceBytes}; raise workspaceBytes.`);
  if (entries.length * 2 >= workspaceInodes)
    throw invalid(`Sandbox workspace of ${workspaceInodes} inodes is too small for ${entries.length} files and their folders; raise workspaceInodes.`);
  const strongMode = options.strongMode ?? null;
  if (strongMode !== null && strongMode !== "root" && strongMode !== "user-namespace")
    throw invalid(`Sandbox option strongMode must be "root" or "user-namespace"; got ${JSON.stringify(strongMode)}.`);

  return {
    files: normalizedFiles,
    entry,
    args: [...args],
    timeoutMs,
    cpuSeconds,
    memoryMb,
    maxOutputBytes,
    maxFileBytes,
    network,
    strength,
    readOnlyFiles,
    privateChannel,
    workspaceBytes,
    workspaceInodes,
    strongMode,
  };
}
