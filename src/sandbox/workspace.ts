/** The sandbox's fresh temporary folder: created private, filled with the caller's files, always removed. */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InvalidInputError } from "../errors.js";

/** Creates a 0700 folder under the OS temp folder and writes the files into it; returns its real path. */
export async function createWorkspace(files: [string, string][]): Promise<string> {
  // realpath: the permission model compares resolved paths (macOS's /var is /private/var).
  const folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "limbic-sandbox-")));
  try {
    for (const [relative, content] of files) {
      const target = path.join(folder, relative);
      if (!target.startsWith(folder + path.sep)) throw new InvalidInputError("INVALID_ARGUMENT", `Sandbox file path ${JSON.stringify(relative)} resolves outside the sandbox folder.`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content, { flag: "wx" });
    }
  } catch (error) {
    await removeWorkspace(folder);
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError("INVALID_ARGUMENT", `Cannot write the sandbox files (does one path name a folder of another?): ${(error as Error).message}`, {}, { cause: error });
  }
  return folder;
}

/** Makes every folder under root writable and listable again, so removal cannot be blocked by a chmod inside. */
async function unlockTree(root: string): Promise<void> {
  await fs.chmod(root, 0o700).catch(() => undefined);
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await unlockTree(path.join(root, entry.name));
}

/** Removes the folder; never throws (a failure to clean up must not turn a finished run into a crash). */
export async function removeWorkspace(folder: string): Promise<boolean> {
  try {
    await fs.rm(folder, { recursive: true, force: true, maxRetries: 2 });
    return true;
  } catch {
    await unlockTree(folder);
    return fs.rm(folder, { recursive: true, force: true }).then(() => true, () => false);
  }
}
