/**
 * The run's host temp folder: created private, filled with the caller's files, always removed.
 * Strong runs keep the files in stage/ (copied onto the tmpfs workspace inside the namespace) next
 * to the empty mount point root/; weak runs work in the folder itself, on the host's disk.
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { MOUNT_FOLDER, STAGE_FOLDER } from "./isolate.js";
import { findExecutable } from "./runtimeFiles.js";

/** Creates a 0700 folder under the OS temp folder and writes the files into it; returns its real path. */
export async function createWorkspace(files: [string, string][], layout: "strong" | "weak"): Promise<string> {
  // realpath: the permission model compares resolved paths (macOS's /var is /private/var).
  const folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "limbic-sandbox-")));
  const target = layout === "strong" ? path.join(folder, STAGE_FOLDER) : folder;
  try {
    if (layout === "strong") await fs.mkdir(path.join(folder, MOUNT_FOLDER));
    for (const [relative, content] of files) {
      const file = path.join(target, relative);
      if (!file.startsWith(target + path.sep))
        throw new InvalidInputError("INVALID_ARGUMENT", `Sandbox file path ${JSON.stringify(relative)} resolves outside the sandbox folder.`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content, { flag: "wx" });
    }
  } catch (error) {
    await removeWorkspace(folder);
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Cannot write the sandbox files (does one path name a folder of another?): ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  return folder;
}

/** The weak level's read-only files whose content differs from the original afterwards (or that are gone). */
export async function changedFiles(folder: string, files: [string, string][], readOnly: string[]): Promise<string[]> {
  const originals = new Map(files);
  const changed: string[] = [];
  for (const name of readOnly) {
    const now = await fs.readFile(path.join(folder, name), "utf8").catch(() => null);
    if (now !== originals.get(name)) changed.push(name);
  }
  return changed;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve) => execFile(command, args, { timeout: 60_000, windowsHide: true }, () => resolve()));
}

/**
 * Removes the folder; never throws. Node's fs.rm fails on paths longer than PATH_MAX (a chain of
 * folders built by renaming), so a failure falls back to chmod and rm, which walk the tree by
 * descriptor. Returns null when the folder is gone, else what is left, for the result to report.
 */
export async function removeWorkspace(folder: string): Promise<string | null> {
  try {
    await fs.rm(folder, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    const chmod = findExecutable("chmod");
    const rm = findExecutable("rm");
    if (chmod) await run(chmod, ["-R", "u+rwx", "--", folder]);
    if (rm) await run(rm, ["-rf", "--", folder]);
  }
  try {
    await fs.lstat(folder);
  } catch {
    return null;
  }
  return `could not remove the sandbox's temp folder ${folder}; delete it by hand`;
}
