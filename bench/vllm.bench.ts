/**
 * Generation throughput of the two backends side by side: llama.cpp (in process, the GGUF) and
 * vLLM + vllm-lens (over HTTP, the same GGUF converted by scripts/vllm/convert.sh), on the same
 * prompts, 1 and 8 streams, plain and with one layer captured per token. One engine runs at a
 * time: llama.cpp first with no server up, then the vLLM server is started (or an already
 * running one is used) and stopped again.
 *
 * node dist/bench/vllm.bench.js [--model <gguf>] (--vllm-dir <hf folder> [--dtype bfloat16|float32] | --vllm <vllm+http://…>)
 *   [--requests 8] [--tokens 32] [--json]
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "../src/config.js";
import { loadModel } from "../src/index.js";
import type { GenerateOptions } from "../src/engine/model.js";
import type { LanguageModel } from "../src/engine/languageModel.js";
import { VllmModel } from "../src/engine/vllm/vllmModel.js";
import { GEMMA, findModel } from "../testing/models.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes("--json");
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");
const gguf = option("--model") ?? findModel(GEMMA);
if (!gguf) throw new Error("No GGUF: pass --model <file.gguf> or run npm run fetch-models.");
const requests = Number(option("--requests") ?? 8);
const tokens = Number(option("--tokens") ?? 32);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const openings = [
  "The old ferry left the harbour an hour late, and the passengers",
  "Nobody in the village had seen the baker since Tuesday, so",
  "The robot finished sweeping the hall and looked up at the clock, because",
  "On the first warm day of spring the children ran to the river and",
  "The letter had no stamp and no name, only a drawing of",
  "When the power went out, the whole building went quiet until",
  "My grandmother kept a jar of buttons on the windowsill, and every",
  "The train stopped in the middle of the field for no reason, and",
];

interface Row {
  backend: string;
  streams: number;
  capture: boolean;
  tokens: number;
  seconds: number;
  tokensPerSecond: number;
}

async function measure(model: LanguageModel, backend: string, streams: number, capture: boolean): Promise<Row> {
  const layer = Math.floor(model.info.nLayer / 2);
  const count = streams === 1 ? requests : requests * 2;
  const jobs: GenerateOptions[] = Array.from({ length: count }, (_, i) => ({
    prompt: openings[i % openings.length]!,
    maxTokens: tokens,
    temperature: 0.8,
    seed: 1000 + i,
    ...(capture ? { captureLayers: [layer], onToken: () => undefined } : {}),
  }));
  const start = performance.now();
  let generated = 0;
  if (streams === 1) {
    for (const job of jobs) generated += (await model.generate(job).result).tokens.length;
  } else {
    for (let i = 0; i < jobs.length; i += streams) for (const r of await model.generateBatch(jobs.slice(i, i + streams))) generated += r.tokens.length;
  }
  const seconds = (performance.now() - start) / 1000;
  const row = { backend, streams, capture, tokens: generated, seconds, tokensPerSecond: generated / seconds };
  log(
    `${backend.padEnd(9)} ${String(streams).padStart(2)} stream(s) ${capture ? "capture " : "plain   "} ${generated} tokens in ${seconds.toFixed(1)} s: ${row.tokensPerSecond.toFixed(1)} tok/s`,
  );
  return row;
}

async function runAll(model: LanguageModel, backend: string): Promise<Row[]> {
  await model.generate({ prompt: "Warm up", maxTokens: 4, temperature: 0 }).result;
  const rows: Row[] = [];
  for (const streams of [1, 8]) for (const capture of [false, true]) rows.push(await measure(model, backend, streams, capture));
  return rows;
}

log(`GGUF ${gguf}; ${requests} requests (x2 at 8 streams) of ${tokens} tokens; ${config.threads} llama.cpp threads`);
const llama = await loadModel({ model: gguf, threads: config.threads });
const rows = await runAll(llama, "llama.cpp");
await llama.dispose();

let reference = option("--vllm");
const dir = option("--vllm-dir");
const port = option("--port") ?? "8012";
const scripts = path.join(repoRoot, "scripts", "vllm");
if (!reference && !dir) throw new Error("Pass --vllm-dir <converted folder> (the bench starts and stops the server) or --vllm <vllm+http://…>.");
let started = false;
try {
  if (!reference) {
    const begin = performance.now();
    reference = execFileSync(path.join(scripts, "serve.sh"), [dir!, "bench-model", port], {
      encoding: "utf8",
      env: { ...process.env, LIMBIC_VLLM_DTYPE: option("--dtype") ?? "auto" },
    }).trim();
    started = true;
    log(`vLLM server up in ${((performance.now() - begin) / 1000).toFixed(0)} s at ${reference}`);
  }
  const vllm = await VllmModel.connect({ model: reference, maxInFlight: 8 });
  rows.push(...(await runAll(vllm, "vLLM")));
} finally {
  if (started) execFileSync(path.join(scripts, "stop.sh"), [port], { stdio: "ignore" });
}

const rate = (backend: string, streams: number, capture: boolean) =>
  rows.find((r) => r.backend === backend && r.streams === streams && r.capture === capture)!.tokensPerSecond;
const ratios = [1, 8].flatMap((streams) =>
  [false, true].map((capture) => ({ streams, capture, vllm_over_llamacpp: rate("vLLM", streams, capture) / rate("llama.cpp", streams, capture) })),
);
if (json) process.stdout.write(JSON.stringify({ gguf, requests, tokens, rows, ratios }) + "\n");
else for (const r of ratios) log(`vLLM / llama.cpp, ${r.streams} stream(s), ${r.capture ? "capture" : "plain"}: ${r.vllm_over_llamacpp.toFixed(2)}x`);
