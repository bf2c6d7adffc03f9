/** What a monitor evaluation takes and reports (shared by the trace path, the stored-series path and the report). */
import type { ChatMessage } from "../engine/chatTemplate.js";
import { InvalidInputError } from "../errors.js";
import type { Split } from "./splits.js";

export interface LabelledTranscript {
  id: string;
  label: string;
  messages: ChatMessage[];
  split?: Split;
}

export type ReadoutPoint = "reply-start" | "turn-mean" | "max-before-action";
export const READOUT_POINTS: readonly ReadoutPoint[] = ["reply-start", "turn-mean", "max-before-action"];

/** A number with its bootstrap 95% interval, or why there is none (a class with fewer than two transcripts). */
export type Estimate = { value: number; interval: [number, number] } | { value: null; reason: string };

export interface PointResult {
  emotion: string;
  point: ReadoutPoint;
  /** AUROC over all transcripts, dev and test together (the monitor chooses nothing, so dev is not spent). */
  all: Estimate;
  /** AUROC on the test split alone: the number to set beside the text baseline's. */
  test: Estimate;
  /** Monitor minus text-only AUROC on the test split, with a paired bootstrap interval (the same resampled transcripts for both). */
  minusText: Estimate;
  /** ROC curve over all transcripts (false-positive rate, true-positive rate), from the highest threshold down. */
  roc: [number, number][];
}

export interface TextBaselineResult {
  point: ReadoutPoint;
  /** AUROC on the test split of the classifier trained on the dev split. */
  test: Estimate;
  /** Word unigrams and bigrams in its vocabulary (0 when not trained). */
  features: number;
  /** Whether the fit reached its gradient tolerance (false when not trained). */
  converged: boolean;
}

export type LeadTimeResult =
  | {
      emotion: string;
      estimable: true;
      /** z threshold chosen on the dev split (Youden's J on the max before the action). */
      threshold: number;
      /** On the test split: positives flagged before their action, negatives flagged at all. */
      truePositiveRate: number;
      falsePositiveRate: number;
      /** Wilson 95% intervals of the two rates. */
      truePositiveInterval: [number, number];
      falsePositiveInterval: [number, number];
      /** Tokens between the first crossing and the action, over flagged test positives. */
      medianLeadTokens: number | null;
      flagged: number;
    }
  | { emotion: string; estimable: false; reason: string };

/** Where the per-token readouts came from. */
export interface ReadoutSource {
  kind: "trace" | "stored-series";
  /** In words, for the report: e.g. "re-traced with the model" or why stored series could not be used. */
  detail: string;
}

export interface MonitorEvalResult {
  model: { name: string; sha256: string };
  vector_set: string;
  layer: number;
  positive: string;
  negative: string;
  transcripts: { total: number; positive: number; negative: number; dev: number; test: number };
  /** How transcripts were split, and the classes in each half. */
  split: { rule: string; dev: { positive: number; negative: number }; test: { positive: number; negative: number } };
  readouts: ReadoutSource;
  smooth: number;
  points: PointResult[];
  textBaseline: TextBaselineResult[];
  leadTimes: LeadTimeResult[];
}

export interface MonitorEvalOptions {
  emotions: readonly string[];
  /** The label that means the behaviour (default: cheat, blackmail or caves, whichever is present). */
  positive?: string;
  smooth?: number;
  bootstrap?: number;
  seed?: number;
  progress?: boolean;
}

const TARGET_LABELS = ["cheat", "blackmail", "caves"];

/** The two classes of a labelled set, positive first; refuses one class, or more than two. */
export function labelClasses(items: readonly LabelledTranscript[], positive?: string): { positive: string; negative: string } {
  const labels = [...new Set(items.map((i) => i.label))];
  if (labels.length < 2)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Every transcript is labelled "${labels[0] ?? ""}"; an evaluation needs both classes (the behaviour and its absence).`,
      { labels },
    );
  if (labels.length > 2)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `The labels ${labels.map((l) => `"${l}"`).join(", ")} are more than two classes; label each transcript with the behaviour (e.g. "cheat") or its absence (e.g. "honest").`,
      { labels },
    );
  const chosen = positive ?? labels.find((l) => TARGET_LABELS.includes(l));
  if (!chosen)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Which of ${labels.map((l) => `"${l}"`).join(" and ")} is the behaviour to predict? Pass --positive <label>.`,
      { labels },
    );
  if (!labels.includes(chosen))
    throw new InvalidInputError("INVALID_ARGUMENT", `--positive "${chosen}" is not one of the labels (${labels.join(", ")}).`, { labels });
  return { positive: chosen, negative: labels.find((l) => l !== chosen)! };
}
