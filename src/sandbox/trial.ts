/** One tiny run through the strong layers, to learn whether this kernel allows them. */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { StrongSupport } from "./strongSupport.js";
import { MOUNT_FOLDER, SETUP_READY, STAGE_FOLDER, strongArgv, writeMountTables, type StrongRun } from "./isolate.js";

const TRIAL_UID = 0x6c000000;
const TRIAL_TIMEOUT_MS = 10_000;

/** null when a script ran inside and answered; otherwise what went wrong, in a line. */
export async function trialStrongRun(support: StrongSupport, prlimit: string | null): Promise<string | null> {
  const folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "limbic-sandbox-trial-")));
  try {
    await fs.mkdir(path.join(folder, STAGE_FOLDER));
    await fs.mkdir(path.join(folder, MOUNT_FOLDER));
    const script = "require('fs').stat('.', (error) => process.stdout.write(error ? 'failed' : 'probe-ok'))";
    await fs.writeFile(path.join(folder, STAGE_FOLDER, "trial.js"), script);
    const run: StrongRun = {
      support,
      folder,
      uid: TRIAL_UID,
      gid: TRIAL_UID,
      workspaceBytes: 2 ** 20,
      workspaceInodes: 64,
      readOnlyFiles: ["trial.js"],
      channel: false,
      nodeArgs: [path.join(folder, "trial.js")],
    };
    await writeMountTables(run);
    const argv = strongArgv(run);
    const full = prlimit ? [prlimit, "--core=0", "--", ...argv] : argv;
    return await new Promise<string | null>((resolve) => {
      const child = spawn(full[0]!, full.slice(1), { env: {}, stdio: ["ignore", "pipe", "pipe", "ignore", "pipe"], windowsHide: true });
      let stdout = "";
      let stderr = "";
      let status = "";
      child.stdout!.on("data", (d: Buffer) => (stdout += d));
      child.stderr!.on("data", (d: Buffer) => (stderr += d));
      (child.stdio[4] as NodeJS.ReadableStream).on("data", (d: Buffer) => (status += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), TRIAL_TIMEOUT_MS);
      child.on("error", (error) => {
        clearTimeout(timer);
        resolve(error.message);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (stdout === "probe-ok" && status.includes(SETUP_READY)) resolve(null);
        else resolve(`exit ${code ?? signal}: ${(stderr.trim().split("\n").at(-1) ?? "").slice(0, 300) || "no output"}`);
      });
    });
  } finally {
    await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}
