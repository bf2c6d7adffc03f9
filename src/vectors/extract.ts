/**
 * Emotion-vector extraction on a balanced premise x emotion grid: the model writes one story per
 * emotion and premise (or a corpus is given), Limbic averages each story's residual stream,
 * stores everything as it goes, and builds denoised unit vectors with what the readout needs.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { createProgress, type ProgressEvent, type ProgressOptions } from "../util/progress.js";
import { accumulateOuter } from "./compute.js";
import { planCorpus, readCorpus, type CorpusStory } from "./corpus.js";
import { STORY_PREMISES } from "./data/premises.js";
import { planGrid } from "./grid.js";
import { neutralTexts } from "./neutral.js";
import { choosePromptStyle, type PromptStyleOption } from "./promptStyle.js";
import { ExtractionStore } from "./store.js";
import { buildVectorSet } from "./buildSet.js";
import { hashString, writeGridStories } from "./storyWriting.js";
import type { VectorSetManifest } from "./vectorSet.js";

export type { CorpusStory } from "./corpus.js";
export { neutralTexts } from "./neutral.js";

export interface ExtractOptions {
  outDir: string;
  emotions: readonly string[];
  /** Premises every emotion is written for, held-out ones included (at most 100). Defaults to 20. */
  storiesPerEmotion?: number;
  /** Blocks to extract. Defaults to every steerable block (1..n_layer-1). */
  layers?: readonly number[];
  /** Stories given instead of generated ({emotion, text, premise?}). */
  corpus?: readonly CorpusStory[];
  /** With a corpus: hold out exactly these premises (each shared by every emotion) instead of every k-th. */
  heldOutPremises?: readonly string[];
  /** Continue an interrupted extraction in outDir. */
  resume?: boolean;
  /** Story tokens skipped before averaging, at most 25% of a story (the paper: 50 on long stories). Defaults to 12. */
  tokenOffset?: number;
  /** Share of premises held out (the same ones for every emotion) for validation. Defaults to 0.2. */
  heldOutFraction?: number;
  /** Neutral variance the projected-out components explain (0 = no denoising). Defaults to 0.5. */
  denoiseVariance?: number;
  /** Stories generated together. Defaults to 16. */
  batchSize?: number;
  /** Longest story in tokens. Defaults to 160. */
  maxStoryTokens?: number;
  /** "story": re-read each story on its own (default); "generation": use the activations computed while writing it (faster, prompt in context). */
  readMode?: "story" | "generation";
  /** "auto" (default) picks chat for models tuned for chat, base otherwise; see promptStyle.ts. */
  promptStyle?: PromptStyleOption;
  seed?: number;
  temperature?: number;
  /** Print progress to stderr. Defaults to true, or to false when `onProgress` is given. */
  progress?: boolean;
  /** Each step of each stage (stories or corpus, then the neutral set), for a caller that shows progress itself. */
  onProgress?: (event: ProgressEvent) => void;
  /** Stops the extraction after the batch in hand is stored (an AbortError); `resume: true` continues it. */
  signal?: AbortSignal;
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

const STORE_FILE = "extraction.sqlite";

interface Resolved {
  emotions: string[];
  layers: number[];
  perEmotion: number;
  tokenOffset: number;
  heldOutFraction: number;
  denoiseVariance: number;
  batchSize: number;
  readMode: "story" | "generation";
  seed: number;
}

/** Checks every option against the model before anything is written. */
function resolveOptions(model: LanguageModel, options: ExtractOptions): Resolved {
  const { nLayer } = model.info;
  const emotions = [...options.emotions];
  if (emotions.length < 2)
    throw new InvalidInputError("INVALID_ARGUMENT", "Extraction needs at least two emotions: each vector is measured against the others on the same premises.");
  if (new Set(emotions).size !== emotions.length) throw new InvalidInputError("INVALID_ARGUMENT", "The emotion list names an emotion twice.");
  const layers = [...(options.layers ?? Array.from({ length: nLayer - 1 }, (_, i) => i + 1))].sort((a, b) => a - b);
  for (const layer of layers) {
    if (!Number.isInteger(layer) || layer < 1 || layer >= nLayer) {
      throw new InvalidInputError("LAYER_OUT_OF_RANGE", `Layer ${layer} cannot hold an emotion vector: this model's steerable blocks are 1..${nLayer - 1}.`, {
        layer,
      });
    }
  }
  const r: Resolved = {
    emotions,
    layers,
    perEmotion: options.storiesPerEmotion ?? 20,
    tokenOffset: options.tokenOffset ?? 12,
    heldOutFraction: options.heldOutFraction ?? 0.2,
    denoiseVariance: options.denoiseVariance ?? 0.5,
    batchSize: options.batchSize ?? 16,
    readMode: options.corpus ? "story" : (options.readMode ?? "story"),
    seed: options.seed ?? 1,
  };
  if (!(r.heldOutFraction >= 0 && r.heldOutFraction < 1))
    throw new InvalidInputError("INVALID_ARGUMENT", `heldOutFraction must be in [0, 1), not ${r.heldOutFraction}.`);
  if (!(r.denoiseVariance >= 0 && r.denoiseVariance < 1))
    throw new InvalidInputError("INVALID_ARGUMENT", `denoiseVariance must be in [0, 1), not ${r.denoiseVariance}.`);
  if (!Number.isInteger(r.tokenOffset) || r.tokenOffset < 0)
    throw new InvalidInputError("INVALID_ARGUMENT", `tokenOffset must be a non-negative integer, not ${r.tokenOffset}.`);
  if (!Number.isInteger(r.batchSize) || r.batchSize < 1)
    throw new InvalidInputError("INVALID_ARGUMENT", `batchSize must be a positive integer, not ${r.batchSize}.`);
  return r;
}

export async function extractEmotionVectors(model: LanguageModel, options: ExtractOptions): Promise<ExtractResult> {
  const started = Date.now();
  const r = resolveOptions(model, options);
  const style = options.corpus ? null : choosePromptStyle({ ...model.info, metadata: model.info.metadata }, options.promptStyle ?? "auto");
  // Plans are made (and bad input refused) before anything is written.
  const corpusPlan = options.corpus ? planCorpus(options.corpus, r.emotions, r.heldOutFraction, options.heldOutPremises) : null;
  const grid = corpusPlan ? null : planGrid(r.emotions, STORY_PREMISES.length, r.perEmotion, r.heldOutFraction, r.seed);

  await fs.mkdir(options.outDir, { recursive: true });
  const store = new ExtractionStore(path.join(options.outDir, STORE_FILE));
  try {
    const settings = JSON.stringify({
      model: model.info.sha256,
      emotions: r.emotions,
      perEmotion: r.perEmotion,
      layers: r.layers,
      tokenOffset: r.tokenOffset,
      heldOutFraction: r.heldOutFraction,
      readMode: r.readMode,
      style: style?.style ?? "corpus",
      seed: r.seed,
      corpus: options.corpus ? hashString(JSON.stringify(options.corpus)) : null,
      ...(options.heldOutPremises ? { heldOutPremises: options.heldOutPremises } : {}),
    });
    const previous = store.getMeta("settings");
    if (previous !== undefined && store.storyCount() > 0) {
      if (!options.resume)
        throw new InvalidInputError(
          "CONFLICT",
          `${options.outDir} already holds an extraction (${store.storyCount()} stories). Resume it to continue, or choose another folder.`,
          { dir: options.outDir, option: "resume" },
        );
      if (previous !== settings)
        throw new InvalidInputError(
          "INVALID_ARGUMENT",
          `${options.outDir} holds an extraction with other settings (model, emotions, layers, premises or prompt style differ); resume it with the same settings, or choose another folder.`,
          { dir: options.outDir },
        );
    }
    store.setMeta("settings", settings);

    const stats = { generatedTokens: 0 };
    const showProgress = options.progress ?? options.onProgress === undefined;
    const progress: ProgressOptions = {
      silent: !showProgress,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const storiesStarted = Date.now();
    if (corpusPlan) {
      await readCorpus(model, store, corpusPlan.items, r.layers, r.tokenOffset, progress);
    } else {
      if (showProgress)
        process.stderr.write(
          `limbic: ${r.emotions.length} emotions x ${grid!.premises.length} premises (${grid!.premises.filter((p) => p.heldOut).length} held out), ${style!.style} prompts: ${style!.reason}\n`,
        );
      await writeGridStories(
        model,
        store,
        grid!,
        {
          style: style!.style,
          layers: r.layers,
          tokenOffset: r.tokenOffset,
          batchSize: r.batchSize,
          readMode: r.readMode,
          seed: r.seed,
          temperature: options.temperature ?? 0.9,
          maxStoryTokens: options.maxStoryTokens ?? 160,
          progress,
        },
        stats,
      );
    }
    const storySeconds = (Date.now() - storiesStarted) / 1000;
    await readNeutralSet(model, store, r.layers, progress);

    const manifest = await buildVectorSet(model, store, options.outDir, {
      emotions: r.emotions,
      layers: r.layers,
      tokenOffset: r.tokenOffset,
      denoiseVariance: r.denoiseVariance,
      readMode: corpusPlan ? "corpus" : r.readMode,
      ...(style ? { promptStyle: style.style } : {}),
      grid: grid
        ? { premises: grid.premises.map((p) => p.index), held_out: grid.premises.filter((p) => p.heldOut).map((p) => p.index) }
        : { premises: corpusPlan!.premises.map((_, i) => i), held_out: corpusPlan!.heldOut.map((p) => corpusPlan!.premises.indexOf(p)) },
    });
    const stories = store.stories();
    const premiseText = (index: number) => (corpusPlan ? (corpusPlan.premises[index] ?? null) : (STORY_PREMISES[index] ?? null));
    await fs.writeFile(
      path.join(options.outDir, "stories.jsonl"),
      stories
        .map((s) =>
          JSON.stringify({
            emotion: s.emotion,
            premise_index: s.premiseIndex,
            premise: premiseText(s.premiseIndex),
            attempt: s.attempt,
            variant: s.variant,
            held_out: s.heldOut,
            rejected: s.rejected,
            tokens: s.tokens,
            kept: s.kept,
            masked: s.masked,
            text: s.text,
          }),
        )
        .join("\n") + "\n",
    );
    return {
      dir: options.outDir,
      manifest,
      stories: stories.length,
      rejected: stories.filter((s) => s.rejected).length,
      seconds: (Date.now() - started) / 1000,
      storySeconds,
      generatedTokens: stats.generatedTokens,
    };
  } finally {
    store.close();
  }
}

/** The neutral set's first and second moments per layer: the denoising PCA, μ and σ come from them. */
async function readNeutralSet(model: LanguageModel, store: ExtractionStore, layers: number[], progressOptions: ProgressOptions): Promise<void> {
  if (layers.every((l) => store.neutral(l))) return;
  const n = model.info.nEmbd;
  const texts = await neutralTexts(model);
  const moments = new Map(layers.map((l) => [l, { count: 0, sum: new Float64Array(n), outerSum: new Float64Array(n * n), norm: 0 }]));
  const progress = createProgress("neutral set", texts.length, progressOptions);
  for (let start = 0; start < texts.length; start += 16) {
    const batch = texts.slice(start, start + 16);
    const reads = await model.forward(batch, { layers });
    for (const read of reads) {
      const count = read.tokens.length;
      for (const layer of layers) {
        const m = moments.get(layer)!;
        // Skip the first token (BOS): its residual is an outlier that would dominate the PCA.
        const rows = read.layers.get(layer)!.subarray(n);
        accumulateOuter(m.outerSum, m.sum, rows, count - 1, n);
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
  for (const [layer, m] of moments) store.setNeutral(layer, m, m.norm);
  progress.finish();
}
