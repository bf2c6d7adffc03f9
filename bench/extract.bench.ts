/**
 * Extraction benchmark: stories per minute and tokens/s of the story-writing and reading
 * loop, batched vs one story at a time, on the same model, emotions and settings.
 * `npm run bench:extract [-- --json] [-- --model <gguf>] [-- --stories <n>]`
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../src/config.js";
import { loadModel } from "../src/index.js";
import { extractEmotionVectors } from "../src/vectors/extract.js";
import { GEMMA, STORIES, findModel } from "../testing/models.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes("--json");
const modelPath = option("--model") ?? findModel(GEMMA) ?? findModel(STORIES);
if (!modelPath) throw new Error("No model: pass --model <file.gguf> or run npm run fetch-models.");
const perEmotion = Number(option("--stories") ?? 2);
const batchSize = Number(option("--batch") ?? 16);
const emotions = ["happy", "sad", "afraid", "calm", "angry", "proud", "desperate", "nervous"];
const maxStoryTokens = 120;
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");

const model = await loadModel({ model: modelPath, threads: config.threads });
const layers = Array.from({ length: model.info.nLayer - 1 }, (_, i) => i + 1);

async function run(batch: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-bench-extract-"));
  try {
    const result = await extractEmotionVectors(model, { outDir: dir, emotions, storiesPerEmotion: perEmotion, batchSize: batch, maxStoryTokens, layers, progress: false });
    return { stories: result.stories, tokens: result.generatedTokens, seconds: result.storySeconds, fixedSeconds: result.seconds - result.storySeconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

log(`model ${model.info.name}, ${config.threads} threads, ${emotions.length} emotions x ${perEmotion} stories, ≤${maxStoryTokens} tokens each, all ${layers.length} steerable layers read`);
const batched = await run(batchSize);
const single = await run(1);
await model.dispose();

// Rates cover writing and reading the stories; the neutral set and the vector computation are a
// fixed cost per extraction, added once to the full-run estimate.
const report = {
  model: model.info.name,
  threads: config.threads,
  stories: batched.stories,
  batch_size: batchSize,
  batched_stories_per_min: (batched.stories / batched.seconds) * 60,
  batched_tokens_per_s: batched.tokens / batched.seconds,
  single_stories_per_min: (single.stories / single.seconds) * 60,
  single_tokens_per_s: single.tokens / single.seconds,
  batch_speedup: single.seconds / batched.seconds,
  fixed_seconds: batched.fixedSeconds,
  estimated_full_run_minutes_171x20: (171 * 20) / ((batched.stories / batched.seconds) * 60) + batched.fixedSeconds / 60,
};
if (json) process.stdout.write(JSON.stringify(report) + "\n");
else {
  log(`batched (${batchSize}): ${report.batched_stories_per_min.toFixed(1)} stories/min, ${report.batched_tokens_per_s.toFixed(1)} generated tok/s`);
  log(`one at a time:  ${report.single_stories_per_min.toFixed(1)} stories/min, ${report.single_tokens_per_s.toFixed(1)} generated tok/s`);
  log(`speedup ${report.batch_speedup.toFixed(2)}x; a 171 x 20 extraction at the batched rate plus ${report.fixed_seconds.toFixed(0)} s of neutral set and vectors: ~${report.estimated_full_run_minutes_171x20.toFixed(0)} min (extrapolated)`);
}
