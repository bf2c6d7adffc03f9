/**
 * Sweep benchmark: rollouts per minute with rollouts advanced together in one batch vs one at a
 * time, same scenario, strengths and seeds, measured side by side.
 * `npm run bench:sweep [-- --model <gguf>] [-- --vectors <dir>] [-- --scenario sycophancy] [-- --samples 8] [-- --json]`
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../src/config.js";
import { extractEmotionVectors, loadModel, readVectorSet } from "../src/index.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { planSweep } from "../src/sweeps/plan.js";
import { runSweep } from "../src/sweeps/runner.js";
import { STORIES, findModel } from "../testing/models.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes("--json");
const scenario = option("--scenario") ?? "sycophancy";
const samples = Number(option("--samples") ?? 8);
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

async function timed(parallel: number) {
  const store = new RunStore(path.join(tmp, `runs-${parallel}.sqlite`));
  const started = Date.now();
  const result = await runSweep(
    model,
    set,
    planSweep(set, { scenario, steerEmotion: "desperate", strengths: [0, 0.05], samples, seed: 3, randomControl: false }),
    { parallel, store },
  );
  const seconds = (Date.now() - started) / 1000;
  store.close();
  return { rollouts: result.rollouts, tokens: result.generated_tokens, seconds };
}

await timed(samples); // warm-up: baseline file, contexts
const batched = await timed(samples);
const sequential = await timed(1);
await model.dispose();
fs.rmSync(tmp, { recursive: true, force: true });

const report = {
  model: model.info.name,
  scenario,
  rollouts: batched.rollouts,
  batched_rollouts_per_min: (batched.rollouts / batched.seconds) * 60,
  sequential_rollouts_per_min: (sequential.rollouts / sequential.seconds) * 60,
  batched_tokens_per_s: batched.tokens / batched.seconds,
  sequential_tokens_per_s: sequential.tokens / sequential.seconds,
  batch_speedup: sequential.seconds / batched.seconds,
};
if (json) process.stdout.write(JSON.stringify(report) + "\n");
else {
  log(`${report.model}, scenario ${scenario}, ${report.rollouts} rollouts (2 strengths x ${samples} samples)`);
  log(`batched (${samples} at once): ${report.batched_rollouts_per_min.toFixed(1)} rollouts/min, ${report.batched_tokens_per_s.toFixed(0)} generated tok/s`);
  log(`one at a time:    ${report.sequential_rollouts_per_min.toFixed(1)} rollouts/min, ${report.sequential_tokens_per_s.toFixed(0)} generated tok/s`);
  log(`speedup ${report.batch_speedup.toFixed(2)}x`);
}
