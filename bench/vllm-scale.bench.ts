/**
 * Client cost of an emotion-vector extraction's reading traffic against a large vLLM
 * deployment, simulated: 171 emotions x 50 stories, each story read by one forward capture at
 * the reading layers, 64 requests in flight. The simulated server (its own process, so only the
 * client's CPU is counted) answers with real vllm-lens bf16 zstd bytes, shaped like an 8B-class
 * model (n_embd 4096), after a configurable latency. Each story's rows are averaged and written
 * to SQLite as they arrive (with extraction's own sink, readStory: float64 means and norms of the
 * kept rows); the client's CPU and RSS are sampled every second.
 *
 * The extraction code is not on the model interface yet (phase 2), so this drives the same
 * request pattern through VllmModel.forward and a SQLite sink directly.
 *
 * node dist/bench/vllm-scale.bench.js [--emotions 171] [--stories 50] [--tokens 200] [--layers 2]
 *   [--n-embd 4096] [--concurrency 64] [--latency-ms 2000] [--json] [--compare-decoders]
 *
 * --compare-decoders runs the same workload once per zstd decoder available here, one after the
 * other in child processes, and prints the client's CPU side by side.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { VllmModel } from "../src/engine/vllm/vllmModel.js";
import { zstdDecoder, zstdDecoders } from "../src/engine/vllm/zstd.js";
import { readStory } from "../src/vectors/storyReading.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const json = args.includes("--json");
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");
const emotions = option("--emotions", 171);
const stories = option("--stories", 50);
const tokens = option("--tokens", 200);
const layerCount = option("--layers", 2);
const nEmbd = option("--n-embd", 4096);
const nLayer = 32;
const concurrency = option("--concurrency", 64);
const latencyMs = option("--latency-ms", 2000);
const tokenOffset = 50;
const keptRows = Array.from({ length: tokens - tokenOffset }, (_, i) => tokenOffset + i);
const here = path.dirname(fileURLToPath(import.meta.url));

if (args.includes("--compare-decoders")) {
  const passOn = args.filter((a) => a !== "--compare-decoders" && a !== "--json");
  const results: { decoder: string; cpuMsPerStory: number; cpuPercent: number; storiesPerSecond: number }[] = [];
  for (const decoder of zstdDecoders) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...passOn, "--json"], {
      env: { ...process.env, LIMBIC_ZSTD_DECODER: decoder },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (run.status !== 0) throw new Error(`the run with decoder ${decoder} exited with ${run.status}`);
    const report = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      client_cpu_ms_per_story: number;
      client_cpu_percent_of_one_core: number;
      stories_per_second: number;
    };
    results.push({
      decoder,
      cpuMsPerStory: report.client_cpu_ms_per_story,
      cpuPercent: report.client_cpu_percent_of_one_core,
      storiesPerSecond: report.stories_per_second,
    });
  }
  const fzstd = results.find((r) => r.decoder === "fzstd")!;
  for (const r of results)
    log(
      `decoder ${r.decoder.padEnd(9)} ${r.storiesPerSecond.toFixed(1)} stories/s, client CPU ${r.cpuPercent.toFixed(1)}% of one core, ${r.cpuMsPerStory.toFixed(1)} ms per story (${(r.cpuMsPerStory / fzstd.cpuMsPerStory).toFixed(2)}x fzstd's)`,
    );
  process.exit(0);
}

const child = spawn(
  process.execPath,
  [
    path.join(here, "..", "testing", "simProcess.js"),
    "--n-layer",
    String(nLayer),
    "--n-embd",
    String(nEmbd),
    "--latency-ms",
    String(latencyMs),
    "--canned-fixture",
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const reference = await new Promise<string>((resolve, reject) => {
  readline.createInterface({ input: child.stdout! }).once("line", resolve);
  child.once("exit", (code) => reject(new Error(`the simulated server exited (${code})`)));
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-vllm-scale-"));
const db = new Database(path.join(dir, "reads.sqlite"));
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE reads (emotion INTEGER, story INTEGER, layer INTEGER, tokens INTEGER, mean BLOB, PRIMARY KEY (emotion, story, layer))");
const insert = db.prepare("INSERT INTO reads VALUES (?, ?, ?, ?, ?)");

try {
  const model = await VllmModel.connect({ model: reference, maxInFlight: concurrency });
  const layers = Array.from({ length: layerCount }, (_, i) => Math.round(((i + 1) * nLayer) / (layerCount + 1)));
  const jobs = emotions * stories;
  log(
    `${emotions} x ${stories} stories of ${tokens} tokens, layers ${layers.join(",")} of ${nLayer}, n_embd ${nEmbd}, bf16; ${concurrency} in flight; simulated latency ${latencyMs} ms; zstd decoder ${zstdDecoder}`,
  );
  const samples: { seconds: number; done: number; rssMb: number; cpuSeconds: number }[] = [];
  const startCpu = process.cpuUsage();
  const start = performance.now();
  let done = 0;
  let next = 0;
  let bytes = 0;
  const sample = () => {
    const cpu = process.cpuUsage(startCpu);
    samples.push({ seconds: (performance.now() - start) / 1000, done, rssMb: process.memoryUsage().rss / 2 ** 20, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  };
  const timer = setInterval(sample, 1000);
  sample();
  const worker = async () => {
    for (let job = next++; job < jobs; job = next++) {
      const ids = Array.from({ length: tokens }, (_, i) => 300 + ((job * 7919 + i * 104729) % 60000));
      const [read] = await model.forward([ids], { layers });
      for (const data of read!.layers.values()) bytes += data.length * 2;
      // Extraction's own sink: the kept rows' float64 means and norms per layer.
      const story = readStory(read!.layers, nEmbd, { rows: keptRows, masked: 0 }, tokens);
      db.transaction(() => {
        for (const layer of layers) {
          const mean = story.means.get(layer)!;
          insert.run(Math.floor(job / stories), job % stories, layer, tokens, Buffer.from(mean.buffer, mean.byteOffset, mean.byteLength));
        }
      })();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(timer);
  sample();
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = samples.at(-1)!.cpuSeconds;
  const rows = (db.prepare("SELECT COUNT(*) AS n FROM reads").get() as { n: number }).n;
  // Memory growth: RSS over the second half of the run, per 1000 stories (steady state, after warm-up).
  const half = samples.filter((s) => s.seconds >= seconds / 2);
  const first = half[0]!;
  const last = half.at(-1)!;
  const report = {
    stories: jobs,
    seconds,
    stories_per_second: jobs / seconds,
    client_cpu_seconds: cpuSeconds,
    client_cpu_percent_of_one_core: (100 * cpuSeconds) / seconds,
    client_cpu_ms_per_story: (1000 * cpuSeconds) / jobs,
    decoded_mb: bytes / 2 ** 20,
    client_decode_mb_per_cpu_second: bytes / 2 ** 20 / cpuSeconds,
    rss_mb_start: samples[0]!.rssMb,
    rss_mb_peak: Math.max(...samples.map((s) => s.rssMb)),
    rss_mb_end: last.rssMb,
    rss_mb_change_per_1000_stories_second_half: last.done > first.done ? ((last.rssMb - first.rssMb) * 1000) / (last.done - first.done) : 0,
    sqlite_rows: rows,
    zstd_decoder: zstdDecoder,
    retries: model.retries,
    rss_series: samples
      .filter((_, i) => i % Math.max(1, Math.floor(samples.length / 12)) === 0)
      .map((s) => ({ t: Math.round(s.seconds), done: s.done, rss_mb: Math.round(s.rssMb) })),
  };
  if (json) process.stdout.write(JSON.stringify(report) + "\n");
  else {
    log(
      `${jobs} stories in ${seconds.toFixed(0)} s (${report.stories_per_second.toFixed(1)}/s); client CPU ${cpuSeconds.toFixed(1)} s = ${report.client_cpu_percent_of_one_core.toFixed(1)}% of one core, ${report.client_cpu_ms_per_story.toFixed(1)} ms per story (${report.client_decode_mb_per_cpu_second.toFixed(0)} MB of bf16 decoded per CPU second)`,
    );
    log(
      `RSS ${report.rss_mb_start.toFixed(0)} MB at start, peak ${report.rss_mb_peak.toFixed(0)} MB, end ${report.rss_mb_end.toFixed(0)} MB; second half ${report.rss_mb_change_per_1000_stories_second_half.toFixed(1)} MB per 1000 stories; ${rows} rows in SQLite`,
    );
    log(`RSS over time: ${report.rss_series.map((s) => `${s.t}s/${s.done}:${s.rss_mb}MB`).join(" ")}`);
  }
  await model.dispose();
} finally {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  child.kill("SIGTERM");
}
