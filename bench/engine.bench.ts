/**
 * Engine benchmark: every ratio is measured side by side in one run, conditions interleaved
 * round by round, medians compared. `npm run bench:engine [-- --json] [-- --model <gguf>]`.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "../src/config.js";
import { loadModel, type GenerateOptions, type Model } from "../src/index.js";
import { GEMMA, STORIES, findModel } from "../testing/models.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const modelArg = args.includes("--model") ? args[args.indexOf("--model") + 1] : undefined;
const roundsArg = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 3;
const modelPath = modelArg ?? findModel(GEMMA) ?? findModel(STORIES);
if (!modelPath) throw new Error("No model: pass --model <file.gguf> or run npm run fetch-models.");
const threads = config.threads;
const log = (line: string) => void (json ? process.stderr.write(line + "\n") : process.stdout.write(line + "\n"));

const prompt = "The harbour master looked at the sky, checked the tide tables, and told the crew that";
const prefillText = Array.from(
  { length: 12 },
  (_, i) => `Line ${i + 1}: the inventory lists crates of apples, nails, rope and lamp oil, each counted twice before the ship leaves the dock at dawn.`,
).join(" ");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function generationRate(model: Model, options: GenerateOptions): Promise<number> {
  const start = performance.now();
  const result = await model.generate(options).result;
  return result.tokens.length / ((performance.now() - start) / 1000);
}

async function prefillRate(model: Model, layers: number[]): Promise<number> {
  const start = performance.now();
  const [result] = await model.forward([prefillText], { layers });
  return result!.tokens.length / ((performance.now() - start) / 1000);
}

const model = await loadModel({ model: modelPath, threads });
const { nLayer, nEmbd, name } = model.info;
const layer = Math.round((nLayer * 2) / 3);
const maxTokens = nEmbd >= 512 ? 48 : 200;
const base: GenerateOptions = { prompt, maxTokens, temperature: 0, seed: 1 };
// A tiny push: steering cost is measured, not a change of the text (and its length).
const steering = [{ layer, vector: new Float32Array(nEmbd).fill(1e-4) }];
log(`model ${name} (${path.basename(modelPath)}), ${nLayer} layers, n_embd ${nEmbd}, ${threads} threads, capture/steer layer ${layer}, ${roundsArg} rounds`);

await generationRate(model, { ...base, maxTokens: 8 }); // warm-up: contexts and caches
const rates = { plain: [] as number[], capture: [] as number[], steer: [] as number[], prefillPlain: [] as number[], prefillCapture: [] as number[] };
const conditions: [keyof typeof rates, () => Promise<number>][] = [
  ["plain", () => generationRate(model, base)],
  ["capture", () => generationRate(model, { ...base, captureLayers: [layer] })],
  ["steer", () => generationRate(model, { ...base, steering })],
  ["prefillPlain", () => prefillRate(model, [])],
  ["prefillCapture", () => prefillRate(model, [layer])],
];
// Rotate the order each round so that no condition always runs first or after the same one.
for (let round = 0; round < roundsArg; round++) {
  for (let k = 0; k < conditions.length; k++) {
    const [key, measure] = conditions[(k + round) % conditions.length]!;
    rates[key].push(await measure());
  }
}

const batchPrompts = Array.from({ length: 8 }, (_, i) => ({ ...base, prompt: `${prompt} (${i + 1})`, maxTokens: Math.ceil(maxTokens / 2) }));
const batchRates: number[] = [];
const sequentialRates: number[] = [];
for (let round = 0; round < roundsArg; round++) {
  let start = performance.now();
  const batched = await model.generateBatch(batchPrompts);
  batchRates.push(batched.reduce((a, r) => a + r.tokens.length, 0) / ((performance.now() - start) / 1000));
  start = performance.now();
  let tokens = 0;
  for (const request of batchPrompts) tokens += (await model.generate(request).result).tokens.length;
  sequentialRates.push(tokens / ((performance.now() - start) / 1000));
}
await model.dispose();

const child = spawnSync(
  process.execPath,
  [
    path.join(path.dirname(fileURLToPath(import.meta.url)), "nodeLlamaCppGenerate.js"),
    modelPath,
    String(threads),
    String(maxTokens),
    String(roundsArg),
    prompt,
  ],
  { encoding: "utf8" },
);
const nodeLlamaCpp = child.status === 0 ? median((JSON.parse(child.stdout) as { rates: number[] }).rates) : null;

const plain = median(rates.plain);
const report = {
  model: name,
  model_file: path.basename(modelPath),
  threads,
  layer,
  rounds: roundsArg,
  generation_tokens_per_s: plain,
  generation_capture_tokens_per_s: median(rates.capture),
  generation_steer_tokens_per_s: median(rates.steer),
  capture_ratio: median(rates.capture) / plain,
  steer_ratio: median(rates.steer) / plain,
  prefill_tokens_per_s: median(rates.prefillPlain),
  prefill_capture_tokens_per_s: median(rates.prefillCapture),
  prefill_capture_ratio: median(rates.prefillCapture) / median(rates.prefillPlain),
  batch8_tokens_per_s: median(batchRates),
  sequential8_tokens_per_s: median(sequentialRates),
  batch_speedup: median(batchRates) / median(sequentialRates),
  node_llama_cpp_tokens_per_s: nodeLlamaCpp,
  bridge_vs_node_llama_cpp: nodeLlamaCpp ? plain / nodeLlamaCpp : null,
};
if (json) {
  process.stdout.write(JSON.stringify(report) + "\n");
} else {
  const f = (x: number | null) => (x === null ? "n/a" : x.toFixed(x < 10 ? 3 : 1));
  log(`generation            ${f(report.generation_tokens_per_s)} tok/s`);
  log(`  + capture 1 layer   ${f(report.generation_capture_tokens_per_s)} tok/s   ratio ${f(report.capture_ratio)} (target >= 0.90)`);
  log(`  + steering          ${f(report.generation_steer_tokens_per_s)} tok/s   ratio ${f(report.steer_ratio)} (target >= 0.97)`);
  log(`prefill               ${f(report.prefill_tokens_per_s)} tok/s`);
  log(`  + capture all tokens ${f(report.prefill_capture_tokens_per_s)} tok/s   ratio ${f(report.prefill_capture_ratio)} (target >= 0.90)`);
  log(
    `8 sequences batched   ${f(report.batch8_tokens_per_s)} tok/s vs sequential ${f(report.sequential8_tokens_per_s)} tok/s: speedup ${f(report.batch_speedup)}`,
  );
  log(
    `node-llama-cpp API    ${f(report.node_llama_cpp_tokens_per_s)} tok/s (bridge / node-llama-cpp = ${f(report.bridge_vs_node_llama_cpp)})${child.status === 0 ? "" : ` — failed: ${child.stderr.slice(0, 300)}`}`,
  );
}
