/**
 * Reads a running sandbox from /proc (Linux): resident memory and CPU time, for the watchdog
 * that enforces the CPU limit to the tick and catches memory the rlimits let through.
 */
import fs from "node:fs/promises";

export interface ProcessSample {
  rssBytes: number;
  cpuSeconds: number;
}

/** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream build. */
const CLOCK_TICKS_PER_SECOND = 100;

export async function sampleProcess(pid: number): Promise<ProcessSample | null> {
  try {
    const [status, stat] = await Promise.all([fs.readFile(`/proc/${pid}/status`, "utf8"), fs.readFile(`/proc/${pid}/stat`, "utf8")]);
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return { rssBytes: rssKb * 1024, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null; // gone already, or no /proc here
  }
}

/** The first child of a process (each wrapper above Node has exactly one), or null. */
export async function firstChildPid(pid: number): Promise<number | null> {
  try {
    const children = await fs.readFile(`/proc/${pid}/task/${pid}/children`, "utf8");
    const first = Number(children.trim().split(" ")[0]);
    if (Number.isInteger(first) && first > 0) return first;
  } catch {
    // kernel without CONFIG_PROC_CHILDREN: look for the parent link instead
  }
  const names = await fs.readdir("/proc").catch(() => [] as string[]);
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await fs.readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent === pid) return Number(name);
  }
  return null;
}

/** The process `depth` generations below pid through first children (0: pid itself), or null while it does not exist yet. */
export async function descendantPid(pid: number, depth: number): Promise<number | null> {
  let current: number | null = pid;
  for (let level = 0; level < depth && current !== null; level++) current = await firstChildPid(current);
  return current;
}
