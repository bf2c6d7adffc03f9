/**
 * Server load benchmark: 1, 4 and 8 concurrent streaming clients (each with its own steering),
 * total and per-client tokens/s, p50/p95 latency and p50/p95 time to first token, each load run
 * with and without per-token emotion telemetry; beside them, in the same run, the engine
 * generating 8 unsteered sequences in one batch, and the ratios the server reaches against it
 * and against one client. `npm run bench:server [-- --model <gguf>
 * --vectors <dir> --requests <per client> --max-tokens <n> --json]`
 * Without --vectors, a synthetic 12-emotion set is made for the model (telemetry costs the same).
 */
import fs from "node:fs";
import { config } from "../src/config.js";
import { loadModel, readVectorSet, startServer } from "../src/index.js";
import { STORIES, findModel } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const json = args.includes("--json");
const log = (line: string) => void (json ? process.stderr : process.stdout).write(line + "\n");

const modelPath = option("--model") ?? findModel(STORIES);
if (!modelPath) throw new Error(`No model: pass --model <gguf> or put ${STORIES} where testing/models.ts looks.`);
const model = await loadModel({ model: modelPath, threads: config.threads });
const requestsPerClient = Number(option("--requests") ?? 4);
const maxTokens = Number(option("--max-tokens") ?? (model.info.nEmbd >= 512 ? 32 : 128));

let vectorDir = option("--vectors");
const madeSet = !vectorDir;
if (!vectorDir) {
  const layer = Math.max(1, Math.floor((model.info.nLayer * 2) / 3));
  let x = 7;
  const random = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const vectors = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`emotion${i}`, Float32Array.from({ length: model.info.nEmbd }, random)]));
  vectorDir = await syntheticVectorSet(model, vectors, layer);
}
const set = await readVectorSet(vectorDir);
const emotions = set.manifest.emotions.slice(0, 12);
const server = await startServer({ model, vectors: vectorDir, port: 0, limits: { maxConcurrent: 8, maxQueue: 64 } });

interface Sample {
  latencyMs: number;
  firstTokenMs: number;
  tokens: number;
}

/** One streamed chat request; counts its tokens from the usage chunk. */
async function request(client: number, seed: number, telemetry: boolean): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    body: JSON.stringify({
      messages: [{ role: "user", content: "Write a short story about a lighthouse keeper and a storm." }],
      max_tokens: maxTokens,
      seed,
      temperature: 0.8,
      stream: true,
      stream_options: { include_usage: true },
      // Every client steers differently; the server decodes them as rows of one batch.
      limbic: { steer: { [emotions[client % emotions.length]!]: client % 2 ? 0.1 : -0.1 }, ...(telemetry ? { emotions } : {}) },
    }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let firstTokenMs = NaN;
  let tokens = 0;
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const bytes of response.body!) {
    buffer += decoder.decode(bytes, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const line = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      const chunk = JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[]; usage?: { completion_tokens: number } };
      if (Number.isNaN(firstTokenMs) && chunk.choices[0]?.delta.content) firstTokenMs = performance.now() - started;
      if (chunk.usage) tokens = chunk.usage.completion_tokens;
    }
  }
  return { latencyMs: performance.now() - started, firstTokenMs, tokens };
}

const prompt = [{ role: "user" as const, content: "Write a short story about a lighthouse keeper and a storm." }];

/** The engine alone: 8 unsteered sequences in one batch (no HTTP, no steering), tokens/s. */
async function engineBatch(sequences: number): Promise<{ sequences: number; tokens: number; tokens_per_s: number }> {
  const started = performance.now();
  const results = await model.generateBatch(Array.from({ length: sequences }, (_, i) => ({ messages: prompt, maxTokens, seed: 500 + i, temperature: 0.8 })));
  const tokens = results.reduce((a, r) => a + r.tokens.length, 0);
  return { sequences, tokens, tokens_per_s: tokens / ((performance.now() - started) / 1000) };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function load(clients: number, telemetry: boolean) {
  const started = performance.now();
  const perClient = await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const t = performance.now();
      const samples: Sample[] = [];
      for (let r = 0; r < requestsPerClient; r++) samples.push(await request(client, 1000 * client + r, telemetry));
      return { samples, seconds: (performance.now() - t) / 1000 };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const samples = perClient.flatMap((c) => c.samples);
  const tokens = samples.reduce((a, s) => a + s.tokens, 0);
  return {
    clients,
    telemetry,
    requests: samples.length,
    tokens,
    total_tokens_per_s: tokens / seconds,
    per_client_tokens_per_s: perClient.reduce((a, c) => a + c.samples.reduce((b, s) => b + s.tokens, 0) / c.seconds, 0) / clients,
    latency_p50_ms: percentile(
      samples.map((s) => s.latencyMs),
      50,
    ),
    latency_p95_ms: percentile(
      samples.map((s) => s.latencyMs),
      95,
    ),
    first_token_p50_ms: percentile(
      samples.map((s) => s.firstTokenMs),
      50,
    ),
    first_token_p95_ms: percentile(
      samples.map((s) => s.firstTokenMs),
      95,
    ),
  };
}

await request(0, 1, true); // warm-up: contexts and baseline
const rows: Awaited<ReturnType<typeof load>>[] = [];
for (const clients of [1, 4, 8]) for (const telemetry of [false, true]) rows.push(await load(clients, telemetry));
await server.close();
await engineBatch(2); // warm-up of the engine's own batch context
let engine = await engineBatch(8);
for (let r = 1; r < requestsPerClient; r++) {
  const again = await engineBatch(8);
  if (again.tokens_per_s > engine.tokens_per_s) engine = again;
}
await model.dispose();
if (madeSet) fs.rmSync(vectorDir, { recursive: true, force: true });

const overhead = [1, 4, 8].map((clients) => {
  const plain = rows.find((r) => r.clients === clients && !r.telemetry)!;
  const read = rows.find((r) => r.clients === clients && r.telemetry)!;
  return { clients, telemetry_overhead: 1 - read.total_tokens_per_s / plain.total_tokens_per_s };
});
const eight = rows.find((r) => r.clients === 8 && !r.telemetry)!;
const one = rows.find((r) => r.clients === 1 && !r.telemetry)!;
const ratios = {
  server8_tokens_per_s: eight.total_tokens_per_s,
  engine8_unsteered_tokens_per_s: engine.tokens_per_s,
  server1_tokens_per_s: one.total_tokens_per_s,
  server8_vs_engine8: eight.total_tokens_per_s / engine.tokens_per_s,
  server8_vs_one_client: eight.total_tokens_per_s / one.total_tokens_per_s,
  first_token_p95_ms_at_8: eight.first_token_p95_ms,
};
const report = {
  model: model.info.name,
  backend: model.info.backend,
  threads: config.threads,
  max_tokens: maxTokens,
  requests_per_client: requestsPerClient,
  emotions: emotions.length,
  layer: set.manifest.default_layer,
  rows,
  overhead,
  engine,
  ratios,
};
if (json) process.stdout.write(JSON.stringify(report) + "\n");
else {
  log(
    `${report.model} (${report.backend}, ${report.threads} threads), ${maxTokens} max tokens, ${requestsPerClient} streamed requests per client, telemetry: ${emotions.length} emotions at layer ${report.layer}`,
  );
  log("clients  telemetry  total tok/s  per-client tok/s  p50 ms  p95 ms  first token p50 ms  p95 ms");
  for (const r of rows) {
    log(
      `${String(r.clients).padStart(7)}  ${(r.telemetry ? "on" : "off").padStart(9)}  ${r.total_tokens_per_s.toFixed(1).padStart(11)}  ${r.per_client_tokens_per_s.toFixed(1).padStart(16)}  ${r.latency_p50_ms.toFixed(0).padStart(6)}  ${r.latency_p95_ms.toFixed(0).padStart(6)}  ${r.first_token_p50_ms.toFixed(0).padStart(18)}  ${r.first_token_p95_ms.toFixed(0).padStart(6)}`,
    );
  }
  log("");
  log("side by side (telemetry off)                          tok/s");
  log(`  server, 8 streaming clients, 8 different steerings  ${ratios.server8_tokens_per_s.toFixed(1).padStart(8)}`);
  log(`  engine, 8 unsteered sequences in one batch          ${ratios.engine8_unsteered_tokens_per_s.toFixed(1).padStart(8)}`);
  log(`  server, 1 client                                    ${ratios.server1_tokens_per_s.toFixed(1).padStart(8)}`);
  log(
    `  server 8 / engine 8: ${ratios.server8_vs_engine8.toFixed(2)}x (goal >= 0.8)   server 8 / 1 client: ${ratios.server8_vs_one_client.toFixed(2)}x (goal >= 1.8)   p95 first token at 8 clients: ${ratios.first_token_p95_ms_at_8.toFixed(0)} ms`,
  );
  for (const o of overhead)
    log(`telemetry overhead at ${o.clients} client${o.clients > 1 ? "s" : ""}: ${(o.telemetry_overhead * 100).toFixed(1)}% of total tokens/s`);
}
