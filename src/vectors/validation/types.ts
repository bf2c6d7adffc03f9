/** The numbers `limbic validate` produces (and stores as validation.json). Rendering lives in report/. */
import type { PermutationTest, RateInterval } from "../inference.js";

/** A top-k accuracy with its 95% Wilson interval and the label-permutation null. */
export interface AccuracyResult {
  k: number;
  hits: number;
  n: number;
  interval: RateInterval;
  chance: number;
  permutation: Pick<PermutationTest, "p" | "permutations" | "nullMean" | "null95">;
  /** The same test with random directions passed through the same denoising: mean and 95th percentile over draws. */
  random: { draws: number; mean: number; p95: number } | null;
}

export interface HeldOutResult {
  /** "all": every emotion of the set competes; "core12": the paper's 12 (when the set has them). */
  scope: "all" | "core12";
  emotions: string[];
  stories: number;
  top1: AccuracyResult;
  top5: AccuracyResult | null;
  /** Rows = true emotion, columns = predicted (argmax z); only for sets of at most 12 emotions in scope. */
  confusion: number[][] | null;
}

export interface TextReadingResult {
  /** Where the texts came from (built in, or a corpus file). */
  source: string;
  /** How each text is read: the mean over its tokens, or the state at the reply-start token. */
  position: "text-mean" | "reply-start";
  emotions: string[];
  n: number;
  /** Rows = intended emotion, columns = emotion read: mean z. */
  meanZ: number[][];
  /** Share of texts whose highest z (among `emotions`) is their intended emotion. */
  diagonal: AccuracyResult;
}

export interface CorrelationResult {
  norm: string;
  description: string;
  /** Signed r of PC1 with the norm (PC1 is oriented so that r >= 0). */
  r: number | null;
  interval: [number, number] | null;
  n: number;
}

export interface GeometryResult {
  explained: number[];
  /** Per emotion (PC1, PC2), PC1 oriented toward positive valence. */
  coords: [number, number][];
  /** The sign that orients the raw first principal component toward positive valence. */
  pc1Orientation: 1 | -1;
  valence: CorrelationResult[];
  /** |r(PC1, VADER valence)| of random direction sets through the same denoising: mean and 95th percentile. */
  randomValence: { draws: number; mean: number; p95: number } | null;
  arousal: null;
  arousalNote: string;
  similarity: { order: number[]; matrix: number[][] };
  clusters: { k: number; labels: number[] };
}

export interface SentimentResult {
  positives: number;
  negatives: number;
  /** AUROC of the set's own axes on the test half of the sentences. */
  axes: { name: string; auroc: number }[];
  /** A mean-difference probe trained on the other half: the ceiling for this layer. */
  probe: { auroc: number; train: number; test: number };
}

export interface IntensityResult {
  id: string;
  description: string;
  values: number[];
  /** z at the reply-start token per value, per emotion. */
  readouts: Record<string, number[]>;
  spearman: Record<string, { rho: number; interval: [number, number] }>;
  random: { rho: number; interval: [number, number] };
}

export interface ConfoundResult {
  /** Emotion top-1 of held-out stories (argmax z), for comparison. */
  emotionTop1: number;
  /** Premise top-1 from the stories' emotion readouts, each emotion's stories classified by premise centroids of the other emotions. */
  premiseTop1: number;
  premiseChance: number;
  stories: number;
  premises: number;
}

export interface LayerSweepRow {
  layer: number;
  /** Two-fold accuracy on the training premises: what chose the layer. */
  training: number | null;
  /** Held-out top-1 at this layer: shown, never used to choose. */
  heldOut: number | null;
}

export interface ValidationReport {
  format: "limbic-validation";
  version: 2;
  model: { name: string; sha256: string };
  vector_set: string;
  /** Reading layer. */
  layer: number;
  readout: string;
  emotions: string[];
  layerSweep: LayerSweepRow[];
  heldOut: HeldOutResult[];
  confound: ConfoundResult | null;
  implicit: TextReadingResult | null;
  corpus: TextReadingResult | null;
  geometry: GeometryResult;
  sentiment: SentimentResult | null;
  intensity: IntensityResult[];
  logitLens: { emotion: string; top: string[]; bottom: string[] }[];
}
