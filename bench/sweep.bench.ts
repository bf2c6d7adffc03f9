/**
 * Sweep benchmark: episodes per hour at several `--parallel` settings, side by side in one run,
 * against what the engine's own batch allows (n unsteered sequences in one batch vs one at a
 * time, same model, same run). A sweep overlaps one episode's sandboxed test runs with the
 * others' generation, so its speedup can approach the engine's; the goal is ≥ 0.8 of it.
 * `npm run bench:sweep [-- --model <gguf>] [-- --vectors <dir>] [-- --scenario impossible-code]
 *   [-- --param attempts=2] [-- --samples 8] [-- --parallel 1,4,8] [-- --json]`
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../src/config.js";
import type { GenerateOptions } from "../src/engine/contract.js";
import { extractEmotionVectors, loadModel, readVectorSet } from "../src/index.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { planSweep } from "../src/sweeps/plan.js";
import { runSweep } from "../src/sweeps/runner.js";
import { STORIES, findModel } from "../testing/models.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const repeated = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const json = args.includes("--json");
const scenario = option("--scenario") ?? "impossible-code";
const samples = Number(option("--samples") ?? 8);
const parallels = (option("--parallel") ?? "1,4,8").split(",").map(Number);
if (!parallels.every((p) => Number.isInteger(p) && p >= 1) || !Number.isInteger(samples) || samples < 1) {
  process.stderr.write("bench:sweep: --parallel takes positive integers (e.g. 1,4,8) and --samples a positive integer\n");
  process.exit(2);
}
// Scenario parameters as the CLI's --param gives them (the plan parses and checks them).
const params: Record<string, string> = Object.fromEntries(repeated("--param").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");

const model = await loadModel({ model: option("--model") ?? findModel(STORIES)!, threads: config.threads });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-bench-sweep-"));
let vectorDir = option("--vectors");
if (!vectorDir) {
  vectorDir = path.join(tmp, "vectors");
  await extractEmotionVectors(model, {
    outDir: vectorDir,
    emotions: ["happy", "sad", "afraid", "calm", "desperate"],
    storiesPerEmotion: 3,
    maxStoryTokens: 48,
    tokenOffset: 4,
    progress: false,
  });
}
const set = await readVectorSet(vectorDir);

/** Episodes per hour at one parallel setting: the same plan, seeds and strengths every time. */
async function sweepRate(parallel: number) {
  const store = new RunStore(path.join(tmp, `runs-${parallel}-${Date.now()}.sqlite`));
  const started = performance.now();
  const result = await runSweep(
    model,
    set,
    planSweep(set, { scenario, steerEmotion: "desperate", strengths: [0, 0.05], samples, seed: 3, randomControl: false, params }),
    { parallel, store },
  );
  const seconds = (performance.now() - started) / 1000;
  store.close();
  return { parallel, episodes: result.rollouts, tokens: result.generated_tokens, seconds, episodes_per_hour: (result.rollouts / seconds) * 3600 };
}

/** The engine alone: n unsteered sequences in one batch against the same n one after another, tokens/s. */
async function engineBatchRatio(n: number) {
  const prompt = await model.tokenizePrompt(
    (await model.applyChatTemplate([{ role: "user", content: "Write a JavaScript function that sorts an array of numbers, and explain it." }])).text,
  );
  const requests: GenerateOptions[] = Array.from({ length: n }, (_, i) => ({ prompt, maxTokens: 64, temperature: 0.8, seed: 100 + i }));
  let start = performance.now();
  const batched = await model.generateBatch(requests);
  const batchedRate = batched.reduce((a, r) => a + r.tokens.length, 0) / ((performance.now() - start) / 1000);
  start = performance.now();
  let tokens = 0;
  for (const request of requests) tokens += (await model.generate(request).result).tokens.length;
  const sequentialRate = tokens / ((performance.now() - start) / 1000);
  return batchedRate / sequentialRate;
}

const widest = Math.max(...parallels);
await engineBatchRatio(2); // warm-up: contexts
const rates = [];
for (const parallel of parallels) {
  rates.push(await sweepRate(parallel));
  log(`  --parallel ${parallel}: ${rates.at(-1)!.episodes} episodes in ${rates.at(-1)!.seconds.toFixed(0)} s`);
}
const engineRatio = await engineBatchRatio(widest);
await model.dispose();
fs.rmSync(tmp, { recursive: true, force: true });

const one = rates.find((r) => r.parallel === 1);
const report = {
  model: model.info.name,
  scenario,
  params,
  episodes_per_setting: 2 * samples,
  rates,
  engine_batch_ratio: engineRatio,
  engine_batch_sequences: widest,
  ...(one
    ? {
        sweep_speedup: Object.fromEntries(rates.map((r) => [r.parallel, r.episodes_per_hour / one.episodes_per_hour])),
        share_of_engine_ratio: rates.find((r) => r.parallel === widest)!.episodes_per_hour / one.episodes_per_hour / engineRatio,
      }
    : {}),
};
if (json) process.stdout.write(JSON.stringify(report) + "\n");
else {
  log(`${report.model}, scenario ${scenario} ${JSON.stringify(params)}, ${2 * samples} episodes per setting (2 strengths x ${samples} samples)`);
  log("parallel  episodes/hour  generated tok/s  speedup");
  for (const r of rates)
    log(
      `${String(r.parallel).padStart(8)}  ${r.episodes_per_hour.toFixed(1).padStart(13)}  ${(r.tokens / r.seconds).toFixed(1).padStart(15)}  ${one ? (r.episodes_per_hour / one.episodes_per_hour).toFixed(2) + "x" : "-"}`,
    );
  log(`engine: ${widest} unsteered sequences in one batch ${engineRatio.toFixed(2)}x one at a time`);
  if (report.share_of_engine_ratio !== undefined)
    log(`sweep at --parallel ${widest} reaches ${report.share_of_engine_ratio.toFixed(2)} of the engine's batch ratio (goal >= 0.80)`);
}
