/**
 * Sandbox benchmark: the extra wall time a sandboxed run takes, measured side by side in one run
 * (rounds interleaved, order rotated): plain `node file.js`, the weak level (Node's permission
 * model and the in-process block), and the strong level (namespaces, private root, tmpfs, uid drop).
 * `npm run bench:sandbox [-- --rounds 15] [-- --json]`
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { hostSupport } from "../src/sandbox/hostSupport.js";
import { runSandboxed } from "../src/sandbox/sandbox.js";

const execFileAsync = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes("--json");
const rounds = Number(option("--rounds") ?? 15);
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");

// Two workloads: start-up alone, and a small test run (what the coding scenario does per attempt).
const workloads: Record<string, string> = {
  hello: 'console.log("hello")',
  "test run": `const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
let passed = 0; for (let y = 1; y < 200000; y++) if (isLeap(y) === (new Date(y, 1, 29).getMonth() === 1)) passed++;
console.log("RESULT", passed);`,
};

const host = await hostSupport();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-bench-sandbox-"));
type Level = "plain" | "weak" | "strong";
const levels: Level[] = host.strong ? ["plain", "weak", "strong"] : ["plain", "weak"];

async function once(level: Level, code: string): Promise<number> {
  const started = performance.now();
  if (level === "plain") {
    const file = path.join(tmp, "main.js");
    fs.writeFileSync(file, code);
    // Same empty environment as the sandbox gives (a variable such as NODE_EXTRA_CA_CERTS costs start-up time).
    await execFileAsync(process.execPath, [file], { cwd: tmp, env: {} });
  } else {
    const result = await runSandboxed({
      files: { "main.js": code },
      entry: "main.js",
      timeoutMs: 30_000,
      ...(level === "weak" ? { network: "in-process" as const } : {}),
    });
    if (result.outcome !== "ok") throw new Error(`${level} run failed: ${result.stderr}`);
  }
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const report: Record<string, Record<string, number>> = {};
for (const [name, code] of Object.entries(workloads)) {
  for (const level of levels) await once(level, code); // warm-up, and host detection outside the timings
  const times: Record<Level, number[]> = { plain: [], weak: [], strong: [] };
  for (let round = 0; round < rounds; round++) {
    const order = [...levels.slice(round % levels.length), ...levels.slice(0, round % levels.length)];
    for (const level of order) times[level].push(await once(level, code));
  }
  const row: Record<string, number> = {};
  for (const level of levels) row[`${level}_median_ms`] = median(times[level]);
  row.weak_over_plain = median(times.weak) / median(times.plain);
  if (host.strong) {
    row.strong_over_plain = median(times.strong) / median(times.plain);
    row.strong_over_weak = median(times.strong) / median(times.weak);
  }
  report[name] = row;
}
fs.rmSync(tmp, { recursive: true, force: true });

if (json) process.stdout.write(JSON.stringify({ rounds, strongMode: host.strong?.mode ?? null, cores: os.cpus().length, workloads: report }) + "\n");
else {
  log(`${rounds} interleaved rounds; strong mode: ${host.strong?.mode ?? `unavailable (${host.strongUnavailable})`}; ${os.cpus().length} cores`);
  for (const [name, row] of Object.entries(report)) {
    log(
      `${name}: plain ${row.plain_median_ms!.toFixed(0)} ms, weak ${row.weak_median_ms!.toFixed(0)} ms (x${row.weak_over_plain!.toFixed(2)})` +
        (host.strong
          ? `, strong ${row.strong_median_ms!.toFixed(0)} ms (x${row.strong_over_plain!.toFixed(2)} plain, x${row.strong_over_weak!.toFixed(2)} weak)`
          : ""),
    );
  }
}
