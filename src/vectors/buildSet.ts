/**
 * From an extraction store to a vector set: per layer, premise-centred directions from the
 * training premises, denoised and unit length; μ and σ for the one readout from the neutral
 * moments; the reading layer chosen by accuracy on the training premises alone (two folds);
 * per-emotion story statistics; all written as a version-2 vector set.
 */
import path from "node:path";
import type { LanguageModel } from "../engine/languageModel.js";
import { denoisingBasis, finishDirection, neutralCovariance, neutralMean, neutralSpread, premiseCentredDirections, type StoryPoint } from "./compute.js";
import { readZ, type ReadoutBasis } from "./readout.js";
import { quantile } from "./stats.js";
import type { ExtractionStore, StoredStory } from "./store.js";
import { emotionFileName, LIMBIC_VERSION, NEUTRAL_FILE, writeVectorSet, type StoryStats, type VectorSetManifest } from "./vectorSet.js";

export interface BuildOptions {
  emotions: string[];
  layers: number[];
  tokenOffset: number;
  denoiseVariance: number;
  readMode: "story" | "generation" | "corpus";
  promptStyle?: "base" | "chat";
  grid?: { premises: number[]; held_out: number[] };
}

interface LayerBuild {
  vectors: Map<string, Float32Array>;
  mean: Float32Array;
  spread: Map<string, number>;
  components: number;
  /** Two-fold accuracy on the training premises. */
  trainingAccuracy: number;
}

/** Points of the accepted stories at one layer. */
function pointsAt(store: ExtractionStore, stories: readonly StoredStory[], layer: number, n: number): (StoryPoint & { heldOut: boolean })[] {
  const means = store.storyMeans(layer, n);
  return stories
    .filter((s) => !s.rejected && means.has(s.id))
    .map((s) => ({ emotion: s.emotion, premise: s.premiseIndex, heldOut: s.heldOut, mean: means.get(s.id)! }));
}

function directionsFor(points: readonly StoryPoint[], emotions: readonly string[], n: number, basis: readonly Float64Array[]): Float32Array[] {
  const raw = premiseCentredDirections(points, emotions, n);
  return emotions.map((e) => finishDirection(raw.get(e)!, basis, e));
}

/** Top-1 accuracy of `basis` on `points` (argmax z over the basis's emotions). */
export function argmaxAccuracy(basis: ReadoutBasis, points: readonly StoryPoint[]): number {
  if (points.length === 0) return 0;
  let hits = 0;
  for (const p of points) {
    const z = readZ(basis, p.mean);
    let best = 0;
    for (let i = 1; i < z.length; i++) if (z[i]! > z[best]!) best = i;
    if (basis.emotions[best] === p.emotion) hits++;
  }
  return hits / points.length;
}

/**
 * Accuracy on the training premises only: vectors from one half of them read the other half, and
 * the other way round. Held-out premises never enter, so choosing the layer by it is fair.
 */
function twoFoldAccuracy(
  points: readonly StoryPoint[],
  emotions: readonly string[],
  n: number,
  basis: readonly Float64Array[],
  mean: Float32Array,
  covariance: Float64Array,
  layer: number,
): number {
  const premises = [...new Set(points.map((p) => p.premise))].sort((a, b) => a - b);
  if (premises.length < 4) return 0;
  const fold = new Map(premises.map((p, i) => [p, i % 2]));
  let hits = 0;
  let total = 0;
  for (const trainFold of [0, 1]) {
    const train = points.filter((p) => fold.get(p.premise) === trainFold);
    const test = points.filter((p) => fold.get(p.premise) !== trainFold);
    let vectors: Float32Array[];
    try {
      vectors = directionsFor(train, emotions, n, basis);
    } catch {
      return 0; // a fold without every emotion cannot score
    }
    const readout: ReadoutBasis = { layer, emotions, vectors, mean, spread: vectors.map((v) => neutralSpread(v, covariance, n)) };
    hits += argmaxAccuracy(readout, test) * test.length;
    total += test.length;
  }
  return total ? hits / total : 0;
}

function buildLayer(store: ExtractionStore, stories: readonly StoredStory[], layer: number, n: number, o: BuildOptions): LayerBuild {
  const points = pointsAt(store, stories, layer, n).filter((p) => !p.heldOut);
  const neutral = store.neutral(layer);
  const basis = denoisingBasis(neutral, n, o.denoiseVariance);
  const vectors = directionsFor(points, o.emotions, n, basis);
  const covariance = neutral ? neutralCovariance(neutral, n) : new Float64Array(n * n);
  const mean = neutral ? Float32Array.from(neutralMean(neutral)) : new Float32Array(n);
  return {
    vectors: new Map(o.emotions.map((e, i) => [e, vectors[i]!])),
    mean,
    spread: new Map(o.emotions.map((e, i) => [e, neutralSpread(vectors[i]!, covariance, n)])),
    components: basis.length,
    trainingAccuracy: twoFoldAccuracy(points, o.emotions, n, basis, mean, covariance, layer),
  };
}

/** The best training-split layer; ties go to the layer nearest two thirds of the depth. */
export function chooseLayer(accuracy: Map<number, number>, nLayer: number): number {
  const target = (nLayer * 2) / 3;
  return [...accuracy].reduce((best, cur) =>
    cur[1] > best[1] + 1e-12 || (Math.abs(cur[1] - best[1]) <= 1e-12 && Math.abs(cur[0] - target) < Math.abs(best[0] - target)) ? cur : best,
  )[0];
}

function storyStats(stories: readonly StoredStory[], emotions: readonly string[]): Record<string, StoryStats> {
  return Object.fromEntries(
    emotions.map((e) => {
      const mine = stories.filter((s) => s.emotion === e);
      const kept = mine.filter((s) => !s.rejected);
      const lengths = kept.map((s) => s.tokens).sort((a, b) => a - b);
      const q = (p: number) => (lengths.length ? quantile(lengths, p) : 0);
      return [
        e,
        {
          written: mine.length,
          kept: kept.length,
          masked_tokens: kept.reduce((a, s) => a + s.masked, 0),
          length_quantiles: [q(0.1), q(0.5), q(0.9)] as [number, number, number],
        },
      ];
    }),
  );
}

export async function buildVectorSet(model: LanguageModel, store: ExtractionStore, outDir: string, o: BuildOptions): Promise<VectorSetManifest> {
  const n = model.info.nEmbd;
  const stories = store.stories();
  const vectors = new Map<string, Map<number, Float32Array>>(o.emotions.map((e) => [e, new Map()]));
  const neutralMeans = new Map<number, Float32Array>();
  const spread: Record<string, Record<string, number>> = Object.fromEntries(o.emotions.map((e) => [e, {}]));
  const components: Record<string, number> = {};
  const accuracy = new Map<number, number>();
  for (const layer of o.layers) {
    const built = buildLayer(store, stories, layer, n, o);
    for (const [e, v] of built.vectors) vectors.get(e)!.set(layer, v);
    for (const [e, s] of built.spread) spread[e]![String(layer)] = s;
    neutralMeans.set(layer, built.mean);
    components[String(layer)] = built.components;
    accuracy.set(layer, built.trainingAccuracy);
  }
  const accepted = stories.filter((s) => !s.rejected);
  const norms = store.meanNorms();
  const manifest: VectorSetManifest = {
    format: "limbic-vector-set",
    version: 2,
    limbic_version: LIMBIC_VERSION,
    model: {
      name: model.info.name,
      file: path.basename(model.info.path),
      sha256: model.info.sha256,
      architecture: model.info.architecture,
      n_embd: n,
      n_layer: model.info.nLayer,
    },
    emotions: o.emotions,
    files: Object.fromEntries(o.emotions.map((e) => [e, emotionFileName(e)])),
    layers: o.layers,
    default_layer: chooseLayer(accuracy, model.info.nLayer),
    counts: Object.fromEntries(o.emotions.map((e) => [e, accepted.filter((s) => s.emotion === e && !s.heldOut).length])),
    heldout_counts: Object.fromEntries(o.emotions.map((e) => [e, accepted.filter((s) => s.emotion === e && s.heldOut).length])),
    token_offset: o.tokenOffset,
    read_mode: o.readMode,
    method:
      "balanced premise x emotion grid; per-story mean activation (emotion-name tokens masked), centred on its premise's mean over emotions; mean per emotion over training premises; neutral-set principal components removed; unit length",
    denoise: { variance_fraction: o.denoiseVariance, components },
    mean_residual_norms: Object.fromEntries(o.layers.map((l) => [String(l), norms.get(l) ?? NaN])),
    created_at: new Date().toISOString(),
    readout: { neutral_file: NEUTRAL_FILE, neutral_tokens: store.neutral(o.layers[0]!)?.count ?? 0, spread },
    layer_sweep: {
      method: "two-fold accuracy (argmax z) on the training premises only",
      accuracy: Object.fromEntries([...accuracy].map(([l, a]) => [String(l), a])),
    },
    ...(o.promptStyle ? { prompt_style: o.promptStyle } : {}),
    ...(o.grid ? { grid: o.grid } : {}),
    story_stats: storyStats(stories, o.emotions),
  };
  await writeVectorSet(outDir, manifest, vectors, neutralMeans);
  return manifest;
}
