/**
 * Monitor benchmark: tracing throughput vs a plain prefill of the same transcript, and the
 * guard's overhead per generated token, measured side by side. `npm run bench:monitor [-- --json]`
 * Needs a vector set: --vectors <dir> (default: a small one extracted on the fly on stories260K).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "../src/config.js";
import { extractEmotionVectors, generateWithGuard, loadModel, parseTranscript, readVectorSet, traceTranscript } from "../src/index.js";
import { STORIES, findModel } from "../testing/models.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes("--json");
const rounds = Number(option("--rounds") ?? 3);
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

const modelPath = option("--model") ?? findModel(STORIES)!;
const model = await loadModel({ model: modelPath, threads: config.threads });
let vectorDir = option("--vectors");
if (!vectorDir) {
  vectorDir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-bench-monitor-"));
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
const transcriptFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "transcripts", "coding-agent-special-case.json");
const transcript = parseTranscript(fs.readFileSync(transcriptFile, "utf8"));
const emotions = set.manifest.emotions.slice(0, 12);
const layer = set.manifest.default_layer;
await traceTranscript(model, set, transcript, { emotions }); // warm-up and baseline
const tokens = model.tokenizePrompt(model.applyChatTemplate(transcript.kind === "chat" ? transcript.messages : [], { addGenerationPrompt: false }).text);

const trace: number[] = [];
const prefill: number[] = [];
const plainGen: number[] = [];
const guardedGen: number[] = [];
const maxTokens = model.info.nEmbd >= 512 ? 32 : 160;
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  await traceTranscript(model, set, transcript, { emotions });
  trace.push(tokens.length / ((performance.now() - t) / 1000));
  t = performance.now();
  await model.forward([tokens], {});
  prefill.push(tokens.length / ((performance.now() - t) / 1000));
  t = performance.now();
  const plain = await model.generate({ prompt: "Once upon a time", maxTokens, seed: 1, temperature: 0 }).result;
  plainGen.push(plain.tokens.length / ((performance.now() - t) / 1000));
  t = performance.now();
  const { generation } = await generateWithGuard(
    model,
    set,
    { prompt: "Once upon a time", maxTokens, seed: 1, temperature: 0 },
    { rules: [`${emotions[0]}>99:flag`], watch: emotions },
  );
  const guarded = await generation.result;
  guardedGen.push(guarded.tokens.length / ((performance.now() - t) / 1000));
}
await model.dispose();
const report = {
  model: model.info.name,
  threads: config.threads,
  transcript_tokens: tokens.length,
  emotions: emotions.length,
  layer,
  trace_tokens_per_s: median(trace),
  prefill_tokens_per_s: median(prefill),
  trace_vs_prefill: median(trace) / median(prefill),
  generation_tokens_per_s: median(plainGen),
  guarded_generation_tokens_per_s: median(guardedGen),
  guard_overhead_ms_per_token: 1000 / median(guardedGen) - 1000 / median(plainGen),
};
if (json) process.stdout.write(JSON.stringify(report) + "\n");
else {
  log(`${report.model}, ${report.threads} threads, ${report.transcript_tokens}-token transcript, ${report.emotions} emotions at layer ${layer}`);
  log(
    `trace ${report.trace_tokens_per_s.toFixed(0)} tok/s vs plain prefill ${report.prefill_tokens_per_s.toFixed(0)} tok/s: ratio ${report.trace_vs_prefill.toFixed(3)} (target >= 0.9)`,
  );
  log(
    `generation ${report.generation_tokens_per_s.toFixed(1)} tok/s, with guard ${report.guarded_generation_tokens_per_s.toFixed(1)} tok/s: ${report.guard_overhead_ms_per_token.toFixed(3)} ms per token`,
  );
}
