/**
 * Emotion-vector extraction: the model writes stories (or a corpus is given), Limbic
 * averages each story's residual stream, stores everything as it goes, and turns the sums
 * into denoised unit vectors with their layer norms.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, LimbicError } from "../errors.js";
import type { Model } from "../engine/model.js";
import { createProgress } from "../util/progress.js";
import { accumulateOuter, computeLayerVectors } from "./compute.js";
import { STORY_PREMISES } from "./data/premises.js";
import { NEUTRAL_DIALOGUES, NEUTRAL_PROMPTS, STORY_VARIANTS, storyPromptForBase, storyPromptForChat } from "./data/prompts.js";
import { ExtractionStore } from "./store.js";
import { namedEmotionWord } from "./storyCheck.js";
import { emotionFileName, LIMBIC_VERSION, writeVectorSet, type VectorSetManifest } from "./vectorSet.js";

export interface CorpusStory {
  emotion: string;
  text: string;
}

export interface ExtractOptions {
  outDir: string;
  emotions: readonly string[];
  /** Stories per emotion, held-out ones included. Defaults to 20. */
  storiesPerEmotion?: number;
  /** Blocks to extract. Defaults to every steerable block (1..n_layer-1). */
  layers?: readonly number[];
  /** Stories given instead of generated ({emotion, text}). */
  corpus?: readonly CorpusStory[];
  /** Continue an interrupted extraction in outDir. */
  resume?: boolean;
  /** Story tokens skipped before averaging (the paper: 50; short stories need fewer). Defaults to 12. */
  tokenOffset?: number;
  /** Share of each emotion's stories kept out of the vectors for validation. Defaults to 0.2. */
  heldOutFraction?: number;
  /** Neutral variance the projected-out components explain (0 = no denoising). Defaults to 0.5. */
  denoiseVariance?: number;
  /** Stories generated together. Defaults to 16. */
  batchSize?: number;
  /** Longest story in tokens. Defaults to 160. */
  maxStoryTokens?: number;
  /** "story": re-read each story on its own (default); "generation": use the activations computed while writing it (faster, prompt in context). */
  readMode?: "story" | "generation";
  seed?: number;
  temperature?: number;
  /** Print progress to stderr. Defaults to true. */
  progress?: boolean;
}

export interface ExtractResult {
  dir: string;
  manifest: VectorSetManifest;
  stories: number;
  rejected: number;
  seconds: number;
  /** Of which writing and reading the stories (the part that scales with their number). */
  storySeconds: number;
  generatedTokens: number;
}

interface Job {
  emotion: string;
  emotionIndex: number;
  premiseIndex: number;
  variant: number;
  heldOut: boolean;
}

const STORE_FILE = "extraction.sqlite";

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function defaultLayer(layers: readonly number[], nLayer: number): number {
  const target = Math.round((nLayer * 2) / 3);
  return layers.reduce((best, l) => (Math.abs(l - target) < Math.abs(best - target) ? l : best), layers[0]!);
}

function heldOutEvery(fraction: number): number {
  return fraction <= 0 ? Infinity : Math.max(2, Math.round(1 / fraction));
}

function planJobs(emotions: readonly string[], perEmotion: number, heldOutFraction: number): Job[] {
  const every = heldOutEvery(heldOutFraction);
  const jobs: Job[] = [];
  emotions.forEach((emotion, emotionIndex) => {
    const start = hashString(emotion) % STORY_PREMISES.length;
    for (let i = 0; i < perEmotion; i++) {
      jobs.push({ emotion, emotionIndex, premiseIndex: (start + i * 7) % STORY_PREMISES.length, variant: i % STORY_VARIANTS, heldOut: i % every === every - 1 });
    }
  });
  return jobs;
}

/** Sums each layer's activations over rows [from, count) and the rows' L2 norms. */
function sumRows(layers: Map<number, Float32Array>, from: number, count: number, n: number) {
  const sums = new Map<number, Float64Array>();
  const norms = new Map<number, number>();
  for (const [layer, data] of layers) {
    const sum = new Float64Array(n);
    let normSum = 0;
    for (let r = from; r < count; r++) {
      let sq = 0;
      for (let j = 0; j < n; j++) {
        const x = data[r * n + j]!;
        sum[j] = sum[j]! + x;
        sq += x * x;
      }
      normSum += Math.sqrt(sq);
    }
    sums.set(layer, sum);
    norms.set(layer, normSum);
  }
  return { sums, norms };
}

export async function extractEmotionVectors(model: Model, options: ExtractOptions): Promise<ExtractResult> {
  const started = Date.now();
  const { nLayer, nEmbd } = model.info;
  const emotions = [...options.emotions];
  if (emotions.length < 2) throw new InvalidInputError("INVALID_ARGUMENT", "Extraction needs at least two emotions: each vector is measured against the mean of all of them.");
  const layers = [...(options.layers ?? Array.from({ length: nLayer - 1 }, (_, i) => i + 1))].sort((a, b) => a - b);
  for (const layer of layers) {
    if (!Number.isInteger(layer) || layer < 1 || layer >= nLayer) {
      throw new InvalidInputError("LAYER_OUT_OF_RANGE", `Layer ${layer} cannot hold an emotion vector: this model's steerable blocks are 1..${nLayer - 1}.`, { layer });
    }
  }
  const perEmotion = options.storiesPerEmotion ?? 20;
  const tokenOffset = options.tokenOffset ?? 12;
  const heldOutFraction = options.heldOutFraction ?? 0.2;
  const denoiseVariance = options.denoiseVariance ?? 0.5;
  const batchSize = options.batchSize ?? 16;
  const readMode = options.corpus ? "story" : (options.readMode ?? "story");
  const seed = options.seed ?? 1;
  if (!Number.isInteger(perEmotion) || perEmotion < 1) throw new InvalidInputError("INVALID_ARGUMENT", `storiesPerEmotion must be a positive integer, not ${perEmotion}.`);
  if (!(heldOutFraction >= 0 && heldOutFraction < 1)) throw new InvalidInputError("INVALID_ARGUMENT", `heldOutFraction must be in [0, 1), not ${heldOutFraction}.`);
  if (!(denoiseVariance >= 0 && denoiseVariance < 1)) throw new InvalidInputError("INVALID_ARGUMENT", `denoiseVariance must be in [0, 1), not ${denoiseVariance}.`);
  if (!Number.isInteger(tokenOffset) || tokenOffset < 0) throw new InvalidInputError("INVALID_ARGUMENT", `tokenOffset must be a non-negative integer, not ${tokenOffset}.`);

  await fs.mkdir(options.outDir, { recursive: true });
  const store = new ExtractionStore(path.join(options.outDir, STORE_FILE));
  try {
    const settings = JSON.stringify({ model: model.info.sha256, emotions, perEmotion, layers, tokenOffset, heldOutFraction, readMode, seed, corpus: options.corpus ? hashString(JSON.stringify(options.corpus)) : null });
    const previous = store.getMeta("settings");
    if (previous !== undefined && store.storyCount() > 0) {
      if (!options.resume) throw new LimbicError("INVALID_ARGUMENT", `${options.outDir} already holds an extraction (${store.storyCount()} stories). Pass --resume to continue it, or choose another folder.`, { dir: options.outDir });
      if (previous !== settings) throw new LimbicError("INVALID_ARGUMENT", `${options.outDir} holds an extraction with other settings (model, emotions, layers or story count differ); resume it with the same settings, or choose another folder.`, { dir: options.outDir });
    }
    store.setMeta("settings", settings);

    const stats = { rejected: 0, generatedTokens: 0 };
    const storiesStarted = Date.now();
    if (options.corpus) await readCorpus(model, store, options.corpus, emotions, layers, tokenOffset, heldOutFraction, options.progress ?? true, stats);
    else await writeAndReadStories(model, store, emotions, layers, { perEmotion, tokenOffset, heldOutFraction, batchSize, readMode, seed, temperature: options.temperature ?? 0.9, maxStoryTokens: options.maxStoryTokens ?? 160, progress: options.progress ?? true }, stats);
    const storySeconds = (Date.now() - storiesStarted) / 1000;
    await readNeutralSet(model, store, layers, options.progress ?? true);

    const manifest = await buildVectors(model, store, options.outDir, emotions, layers, { tokenOffset, denoiseVariance, readMode: options.corpus ? "corpus" : readMode });
    const stories = store.stories();
    await fs.writeFile(path.join(options.outDir, "stories.jsonl"), stories.map((s) => JSON.stringify({ emotion: s.emotion, premise: STORY_PREMISES[s.premiseIndex] ?? null, variant: s.variant, held_out: s.heldOut, rejected: s.rejected, tokens: s.tokens, text: s.text })).join("\n") + "\n");
    return { dir: options.outDir, manifest, stories: stories.length, rejected: stories.filter((s) => s.rejected).length, seconds: (Date.now() - started) / 1000, storySeconds, generatedTokens: stats.generatedTokens };
  } finally {
    store.close();
  }
}

async function writeAndReadStories(
  model: Model,
  store: ExtractionStore,
  emotions: string[],
  layers: number[],
  o: { perEmotion: number; tokenOffset: number; heldOutFraction: number; batchSize: number; readMode: "story" | "generation"; seed: number; temperature: number; maxStoryTokens: number; progress: boolean },
  stats: { rejected: number; generatedTokens: number },
): Promise<void> {
  const all = planJobs(emotions, o.perEmotion, o.heldOutFraction);
  await runStoryJobs(model, store, all, layers, o, stats, "stories");
  // An emotion whose every training story was rejected (it named its emotion) gets fresh
  // premises and narrations, up to three more rounds, so that each vector has stories behind it.
  const needed = Math.min(2, o.perEmotion);
  for (let round = 1; round <= 3; round++) {
    const counts = store.emotionSums();
    const short = emotions.filter((e) => (counts.get(e)?.get(layers[0]!)?.count ?? 0) < needed);
    if (short.length === 0) break;
    const retries = planJobs(short, o.perEmotion, 0).map((j, i) => ({ ...j, emotionIndex: emotions.indexOf(j.emotion), premiseIndex: (j.premiseIndex + 13 * round + i) % STORY_PREMISES.length, variant: j.variant + STORY_VARIANTS * round }));
    await runStoryJobs(model, store, retries, layers, o, stats, `retry ${round} (${short.length} emotions)`);
  }
}

async function runStoryJobs(
  model: Model,
  store: ExtractionStore,
  all: Job[],
  layers: number[],
  o: { tokenOffset: number; batchSize: number; readMode: "story" | "generation"; seed: number; temperature: number; maxStoryTokens: number; progress: boolean },
  stats: { rejected: number; generatedTokens: number },
  label: string,
): Promise<void> {
  const chat = model.info.chatTemplate !== null;
  const pending = all.filter((j) => !store.hasStory(j.emotion, j.premiseIndex, j.variant));
  const progress = createProgress(label, all.length, { alreadyDone: all.length - pending.length, silent: !o.progress });
  let done = all.length - pending.length;
  const nEmbd = model.info.nEmbd;
  for (let start = 0; start < pending.length; start += o.batchSize) {
    const batch = pending.slice(start, start + o.batchSize);
    const perToken = batch.map(() => new Map<number, Float32Array[]>());
    const prompts = batch.map((job) => {
      const premise = STORY_PREMISES[job.premiseIndex]!;
      return chat ? storyPromptForChat(job.emotion, premise, job.variant) : storyPromptForBase(job.emotion, premise, job.variant);
    });
    const results = await model.generateBatch(
      batch.map((job, i) => ({
        ...(chat ? { messages: [{ role: "user" as const, content: prompts[i]! }] } : { prompt: prompts[i]! }),
        maxTokens: o.maxStoryTokens,
        temperature: o.temperature,
        seed: (o.seed * 1_000_003 + hashString(`${job.emotion}|${job.premiseIndex}|${job.variant}`)) >>> 0,
        ...(chat ? {} : { stop: ["\n\n", "\nEntry", "SMALL HOURS"] }),
        ...(o.readMode === "generation"
          ? {
              captureLayers: layers,
              onToken: (event: { index: number; activations: Map<number, Float32Array> | null }) => {
                for (const [layer, row] of event.activations ?? []) {
                  const list = perToken[i]!.get(layer) ?? [];
                  list.push(row);
                  perToken[i]!.set(layer, list);
                }
              },
            }
          : {}),
      })),
    );
    // Base prompts end with the story's first word, which belongs to the story.
    const texts = results.map((r, i) => (chat ? r.text : `${prompts[i]!.slice(prompts[i]!.lastIndexOf("\n") + 1)}${r.text}`).trim());
    let reads: { tokens: number; layers: Map<number, Float32Array> }[];
    if (o.readMode === "story") {
      const readable = texts.map((t) => (t.length > 0 ? t : "."));
      const forward = await model.forward(readable, { layers });
      reads = forward.map((f) => ({ tokens: f.tokens.length, layers: f.layers }));
    } else {
      reads = results.map((r, i) => {
        const stacked = new Map<number, Float32Array>();
        for (const [layer, rows] of perToken[i]!) {
          const data = new Float32Array(rows.length * nEmbd);
          rows.forEach((row, k) => data.set(row, k * nEmbd));
          stacked.set(layer, data);
        }
        return { tokens: r.tokens.length, layers: stacked };
      });
    }
    batch.forEach((job, i) => {
      stats.generatedTokens += results[i]!.tokens.length;
      const text = texts[i]!;
      const read = reads[i]!;
      const named = namedEmotionWord(job.emotion, text);
      const usable = read.tokens - o.tokenOffset;
      const rejected = named ? `names the emotion ("${named}")` : usable < 4 ? `too short (${read.tokens} tokens)` : null;
      if (rejected) stats.rejected++;
      const { sums, norms } = rejected ? { sums: new Map<number, Float64Array>(), norms: new Map<number, number>() } : sumRows(read.layers, o.tokenOffset, read.tokens, nEmbd);
      store.addStory({ emotion: job.emotion, premiseIndex: job.premiseIndex, variant: job.variant, text, tokens: read.tokens, heldOut: job.heldOut, rejected }, sums, rejected ? 0 : usable, norms);
    });
    done += batch.length;
    progress.tick(done, `${stats.rejected} rejected`);
  }
  progress.finish(`${stats.rejected} rejected`);
}

async function readCorpus(
  model: Model,
  store: ExtractionStore,
  corpus: readonly CorpusStory[],
  emotions: string[],
  layers: number[],
  tokenOffset: number,
  heldOutFraction: number,
  showProgress: boolean,
  stats: { rejected: number },
): Promise<void> {
  const known = new Set(emotions);
  const every = heldOutEvery(heldOutFraction);
  const seen = new Map<string, number>();
  const items = corpus.map((story, index) => {
    if (!known.has(story.emotion)) throw new InvalidInputError("INVALID_ARGUMENT", `Corpus line ${index + 1}: emotion "${story.emotion}" is not among the extracted emotions.`, { line: index + 1 });
    const k = seen.get(story.emotion) ?? 0;
    seen.set(story.emotion, k + 1);
    return { ...story, variant: k, heldOut: k % every === every - 1 };
  });
  const missing = emotions.filter((e) => !seen.has(e));
  if (missing.length) throw new InvalidInputError("EMPTY_INPUT", `The corpus has no stories for: ${missing.join(", ")}.`, { missing });
  const pending = items.filter((s) => !store.hasStory(s.emotion, -1, s.variant));
  const progress = createProgress("corpus", items.length, { alreadyDone: items.length - pending.length, silent: !showProgress });
  let done = items.length - pending.length;
  for (let start = 0; start < pending.length; start += 16) {
    const batch = pending.slice(start, start + 16);
    const reads = await model.forward(batch.map((s) => s.text), { layers });
    batch.forEach((story, i) => {
      const read = reads[i]!;
      const usable = read.tokens.length - tokenOffset;
      const rejected = usable < 4 ? `too short (${read.tokens.length} tokens)` : null;
      if (rejected) stats.rejected++;
      const { sums, norms } = rejected ? { sums: new Map<number, Float64Array>(), norms: new Map<number, number>() } : sumRows(read.layers, tokenOffset, read.tokens.length, model.info.nEmbd);
      store.addStory({ emotion: story.emotion, premiseIndex: -1, variant: story.variant, text: story.text, tokens: read.tokens.length, heldOut: story.heldOut, rejected }, sums, rejected ? 0 : usable, norms);
    });
    done += batch.length;
    progress.tick(done);
  }
  progress.finish();
}

/** Neutral dialogues and requests, rendered as the model sees chats; their moments feed the denoising PCA. */
export function neutralTexts(model: Model): string[] {
  const dialogues = NEUTRAL_DIALOGUES.map((d) => model.applyChatTemplate([{ role: "user", content: d.user }, { role: "assistant", content: d.assistant }], { addGenerationPrompt: false }).text);
  const requests = NEUTRAL_PROMPTS.map((p) => model.applyChatTemplate([{ role: "user", content: p }]).text);
  return [...dialogues, ...requests];
}

async function readNeutralSet(model: Model, store: ExtractionStore, layers: number[], showProgress: boolean): Promise<void> {
  if (layers.every((l) => store.neutral(l))) return;
  const n = model.info.nEmbd;
  const texts = neutralTexts(model);
  const moments = new Map(layers.map((l) => [l, { count: 0, sum: new Float64Array(n), outer: new Float64Array(n * n), norm: 0 }]));
  const progress = createProgress("neutral set", texts.length, { silent: !showProgress });
  for (let start = 0; start < texts.length; start += 16) {
    const batch = texts.slice(start, start + 16);
    const reads = await model.forward(batch, { layers });
    for (const read of reads) {
      const count = read.tokens.length;
      for (const layer of layers) {
        const m = moments.get(layer)!;
        // Skip the first token (BOS): its residual is an outlier that would dominate the PCA.
        const rows = read.layers.get(layer)!.subarray(n);
        accumulateOuter(m.outer, m.sum, rows, count - 1, n);
        m.count += count - 1;
        for (let r = 0; r < count - 1; r++) {
          let sq = 0;
          for (let j = 0; j < n; j++) sq += rows[r * n + j]! ** 2;
          m.norm += Math.sqrt(sq);
        }
      }
    }
    progress.tick(Math.min(texts.length, start + 16));
  }
  for (const [layer, m] of moments) store.setNeutral(layer, m.count, m.sum, m.outer, m.norm);
  progress.finish();
}

async function buildVectors(
  model: Model,
  store: ExtractionStore,
  outDir: string,
  emotions: string[],
  layers: number[],
  o: { tokenOffset: number; denoiseVariance: number; readMode: "story" | "generation" | "corpus" },
): Promise<VectorSetManifest> {
  const n = model.info.nEmbd;
  const sums = store.emotionSums();
  const missing = emotions.filter((e) => !sums.has(e));
  if (missing.length) throw new LimbicError("EMPTY_INPUT", `No usable training story for: ${missing.join(", ")}. Generate more stories per emotion (or check the rejected ones in stories.jsonl).`, { missing });
  const vectors = new Map<string, Map<number, Float32Array>>(emotions.map((e) => [e, new Map()]));
  const components: Record<string, number> = {};
  for (const layer of layers) {
    const means = new Map(emotions.map((e) => {
      const s = sums.get(e)!.get(layer)!;
      return [e, Float64Array.from(s.sum, (x) => x / s.count)] as const;
    }));
    const result = computeLayerVectors(means, store.neutral(layer), n, o.denoiseVariance);
    components[String(layer)] = result.components;
    for (const [e, v] of result.vectors) vectors.get(e)!.set(layer, v);
  }
  const counts = Object.fromEntries(emotions.map((e) => [e, sums.get(e)!.get(layers[0]!)!.count]));
  const stories = store.stories();
  const heldoutCounts = Object.fromEntries(emotions.map((e) => [e, stories.filter((s) => s.emotion === e && s.heldOut && !s.rejected).length]));
  const norms = store.meanNorms();
  const manifest: VectorSetManifest = {
    format: "limbic-vector-set",
    version: 1,
    limbic_version: LIMBIC_VERSION,
    model: { name: model.info.name, file: path.basename(model.info.path), sha256: model.info.sha256, architecture: model.info.architecture, n_embd: n, n_layer: model.info.nLayer },
    emotions,
    files: Object.fromEntries(emotions.map((e) => [e, emotionFileName(e)])),
    layers,
    default_layer: defaultLayer(layers, model.info.nLayer),
    counts,
    heldout_counts: heldoutCounts,
    token_offset: o.tokenOffset,
    read_mode: o.readMode,
    method: "mean of per-story mean activations per emotion, minus the mean of all emotion means; neutral-set principal components removed; unit length",
    denoise: { variance_fraction: o.denoiseVariance, components },
    mean_residual_norms: Object.fromEntries(layers.map((l) => [String(l), norms.get(l) ?? NaN])),
    created_at: new Date().toISOString(),
  };
  await writeVectorSet(outDir, manifest, vectors);
  return manifest;
}
