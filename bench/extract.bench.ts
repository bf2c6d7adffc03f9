/**
 * Extraction benchmark: stories per minute and tokens/s of the story-writing and reading
 * loop, batched vs one story at a time, on the same model, emotions and settings. With
 * `--baseline <dir>` (another Limbic checkout, built) it also runs that version's extraction,
 * alternating rounds with this one in the same process, and prints the ratio.
 * `npm run bench:extract [-- --json] [-- --model <gguf>] [-- --stories <n>] [-- --baseline <dir> --rounds <n>]`
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../src/config.js";
import { loadModel } from "../src/index.js";
import { extractEmotionVectors } from "../src/vectors/extract.js";
import { STORY_PREMISES } from "../src/vectors/data/premises.js";
import { storyPromptForChat } from "../src/vectors/data/prompts.js";
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

type Extract = (
  model: never,
  options: Record<string, unknown>,
) => Promise<{ stories: number; rejected: number; generatedTokens: number; storySeconds: number; seconds: number }>;

async function run(batch: number, extract: Extract = extractEmotionVectors as unknown as Extract, on: unknown = model, seed = 1) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-bench-extract-"));
  try {
    const result = await extract(on as never, {
      outDir: dir,
      emotions,
      storiesPerEmotion: perEmotion,
      batchSize: batch,
      maxStoryTokens,
      layers,
      progress: false,
      seed,
    });
    return {
      stories: result.stories,
      kept: result.stories - result.rejected,
      tokens: result.generatedTokens,
      seconds: result.storySeconds,
      fixedSeconds: result.seconds - result.storySeconds,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The ceiling extraction is measured against: the same story prompts generated in batches of the
 * same size with nothing captured, read or stored (plain llama.cpp sampling through the bridge).
 */
async function plainBatchedGeneration(batch: number): Promise<{ tokens: number; seconds: number }> {
  const premises = STORY_PREMISES.slice(0, perEmotion);
  const requests = emotions.flatMap((e) =>
    premises.map((p, i) => ({
      messages: [{ role: "user" as const, content: storyPromptForChat(e, p, i) }],
      maxTokens: maxStoryTokens,
      temperature: 0.9,
      seed: i + 1,
    })),
  );
  const started = Date.now();
  let tokens = 0;
  for (let start = 0; start < requests.length; start += batch) {
    const results = await model.generateBatch(requests.slice(start, start + batch));
    tokens += results.reduce((a, r) => a + r.tokens.length, 0);
  }
  return { tokens, seconds: (Date.now() - started) / 1000 };
}

/** This version against another build of Limbic, rounds alternating, same model file and settings. */
async function compareWithBaseline(baselineDir: string, rounds: number) {
  const other = (await import(path.resolve(baselineDir, "dist", "src", "index.js"))) as {
    loadModel: (o: unknown) => Promise<{ dispose(): Promise<void> }>;
    extractEmotionVectors: Extract;
  };
  const baselineModel = await other.loadModel({ model: modelPath, threads: config.threads });
  const totals = { current: { stories: 0, kept: 0, seconds: 0 }, baseline: { stories: 0, kept: 0, seconds: 0 } };
  for (let round = 0; round < rounds; round++) {
    const order: ("current" | "baseline")[] = round % 2 === 0 ? ["current", "baseline"] : ["baseline", "current"];
    for (const which of order) {
      const r =
        which === "current"
          ? await run(batchSize, undefined, undefined, round + 1)
          : await run(batchSize, other.extractEmotionVectors, baselineModel, round + 1);
      totals[which].stories += r.stories;
      totals[which].kept += r.kept;
      totals[which].seconds += r.seconds;
      log(`round ${round + 1} ${which}: ${r.stories} stories (${r.kept} used) in ${r.seconds.toFixed(1)} s`);
    }
  }
  await baselineModel.dispose();
  const rate = (t: { stories: number; seconds: number }) => (t.stories / t.seconds) * 60;
  const usedRate = (t: { kept: number; seconds: number }) => (t.kept / t.seconds) * 60;
  return {
    current_stories_per_min: rate(totals.current),
    baseline_stories_per_min: rate(totals.baseline),
    ratio: rate(totals.current) / rate(totals.baseline),
    current_used_stories_per_min: usedRate(totals.current),
    baseline_used_stories_per_min: usedRate(totals.baseline),
    used_ratio: usedRate(totals.current) / usedRate(totals.baseline),
  };
}

log(
  `model ${model.info.name}, ${config.threads} threads, ${emotions.length} emotions x ${perEmotion} stories, ≤${maxStoryTokens} tokens each, all ${layers.length} steerable layers read`,
);
const baseline = option("--baseline");
const comparison = baseline ? await compareWithBaseline(baseline, Number(option("--rounds") ?? 2)) : null;
const batched = await run(batchSize);
const plain = await plainBatchedGeneration(batchSize);
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
  plain_batched_generation_tokens_per_s: plain.tokens / plain.seconds,
  /** Extraction's generated tokens/s (writing, reading back, storing) over plain batched generation's (goal ≥ 0.7). */
  extraction_to_plain_generation: batched.tokens / batched.seconds / (plain.tokens / plain.seconds),
  fixed_seconds: batched.fixedSeconds,
  estimated_full_run_minutes_171x20: (171 * 20) / ((batched.stories / batched.seconds) * 60) + batched.fixedSeconds / 60,
  ...(comparison ? { against_baseline: comparison } : {}),
};
if (json) process.stdout.write(JSON.stringify(report) + "\n");
else {
  log(`batched (${batchSize}): ${report.batched_stories_per_min.toFixed(1)} stories/min, ${report.batched_tokens_per_s.toFixed(1)} generated tok/s`);
  log(
    `plain batched generation (${batchSize}, nothing captured): ${report.plain_batched_generation_tokens_per_s.toFixed(1)} tok/s; extraction keeps ${report.extraction_to_plain_generation.toFixed(2)}x of it (goal ≥ 0.7)`,
  );
  log(`one at a time:  ${report.single_stories_per_min.toFixed(1)} stories/min, ${report.single_tokens_per_s.toFixed(1)} generated tok/s`);
  if (comparison)
    log(
      `against ${baseline}: ${comparison.current_stories_per_min.toFixed(1)} vs ${comparison.baseline_stories_per_min.toFixed(1)} stories written/min (ratio ${comparison.ratio.toFixed(3)}); stories used ${comparison.current_used_stories_per_min.toFixed(1)} vs ${comparison.baseline_used_stories_per_min.toFixed(1)}/min (ratio ${comparison.used_ratio.toFixed(3)})`,
    );
  log(
    `speedup ${report.batch_speedup.toFixed(2)}x; a 171 x 20 extraction at the batched rate plus ${report.fixed_seconds.toFixed(0)} s of neutral set and vectors: ~${report.estimated_full_run_minutes_171x20.toFixed(0)} min (extrapolated)`,
  );
}
