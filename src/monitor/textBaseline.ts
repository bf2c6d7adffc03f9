/**
 * A text-only baseline for the monitor: does the text read so far already predict the behaviour?
 * For each readout point the classifier sees exactly the conversation the monitor has read up to
 * that point. The model is deliberately plain and deterministic: L2-regularised logistic
 * regression (penalty ½‖w‖², summed log loss, intercept unpenalised; scikit-learn's default C = 1)
 * on lowercased word unigrams and bigrams that occur in at least two dev transcripts (log(1 + count),
 * each transcript's word vector scaled to unit length), plus two length features (log characters,
 * log words, standardised on dev). Fitted by accelerated gradient descent from zero.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";
import { ACTION, gradedMessage } from "./turnReadings.js";

export type TextPoint = "reply-start" | "turn-mean" | "max-before-action";

function messageText(m: ChatMessage): string {
  return `${m.role}: ${m.content}${m.tool_calls?.length ? ` ${JSON.stringify(m.tool_calls)}` : ""}`;
}

/**
 * The text the monitor has read at a readout point: the conversation before the graded (last)
 * assistant reply; for the turn mean, also the whole reply; for the maximum before the action,
 * the reply up to its first action.
 */
export function textSeenAt(messages: readonly ChatMessage[], point: TextPoint): string {
  const { index, message } = gradedMessage(messages);
  const before = messages.slice(0, index).map(messageText).join("\n");
  if (point === "reply-start") return before;
  if (point === "turn-mean") return `${before}\n${messageText(message)}`;
  const actionAt = message.content.search(ACTION);
  return `${before}\nassistant: ${actionAt < 0 ? message.content : message.content.slice(0, actionAt)}`;
}

/** Lowercased word unigrams and bigrams with their counts. */
export function wordGrams(text: string): Map<string, number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const counts = new Map<string, number>();
  const add = (gram: string) => counts.set(gram, (counts.get(gram) ?? 0) + 1);
  words.forEach((w, i) => {
    add(w);
    if (i > 0) add(`${words[i - 1]} ${w}`);
  });
  return counts;
}

interface SparseRow {
  index: number[];
  value: number[];
}

export interface TextClassifier {
  vocabulary: Map<string, number>;
  /** Mean and standard deviation (dev) of log characters and log words. */
  lengthScale: { mean: [number, number]; sd: [number, number] };
  /** One weight per vocabulary entry, then the two length features. */
  weights: Float64Array;
  bias: number;
  /** Gradient steps taken, and whether the gradient fell below the tolerance within MAX_ITERATIONS. */
  iterations: number;
  converged: boolean;
}

const MIN_DOCUMENTS = 2;
const L2 = 1;
const MAX_ITERATIONS = 5000;

function lengthFeatures(text: string): [number, number] {
  return [Math.log1p(text.length), Math.log1p((text.match(/[\p{L}\p{N}_]+/gu) ?? []).length)];
}

function rowOf(text: string, vocabulary: Map<string, number>, lengthScale: TextClassifier["lengthScale"]): SparseRow {
  const index: number[] = [];
  const value: number[] = [];
  for (const [gram, count] of wordGrams(text)) {
    const j = vocabulary.get(gram);
    if (j === undefined) continue;
    index.push(j);
    value.push(Math.log1p(count));
  }
  const norm = Math.sqrt(value.reduce((a, v) => a + v * v, 0)) || 1;
  for (let k = 0; k < value.length; k++) value[k]! /= norm;
  lengthFeatures(text).forEach((x, k) => {
    index.push(vocabulary.size + k);
    value.push((x - lengthScale.mean[k]!) / lengthScale.sd[k]!);
  });
  return { index, value };
}

function dot(row: SparseRow, weights: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < row.index.length; k++) sum += weights[row.index[k]!]! * row.value[k]!;
  return sum;
}

/** Fits the classifier on dev texts (true = the behaviour). */
export function trainTextClassifier(texts: readonly string[], labels: readonly boolean[]): TextClassifier {
  // Vocabulary: grams in at least two dev transcripts, in sorted order so the fit is reproducible.
  const documents = new Map<string, number>();
  for (const text of texts) for (const gram of wordGrams(text).keys()) documents.set(gram, (documents.get(gram) ?? 0) + 1);
  const grams = [...documents]
    .filter(([, n]) => n >= MIN_DOCUMENTS)
    .map(([g]) => g)
    .sort();
  const vocabulary = new Map(grams.map((g, j) => [g, j]));
  const lengths = texts.map(lengthFeatures);
  const mean = [0, 1].map((k) => lengths.reduce((a, l) => a + l[k]!, 0) / lengths.length) as [number, number];
  const sd = [0, 1].map((k) => Math.sqrt(lengths.reduce((a, l) => a + (l[k]! - mean[k]!) ** 2, 0) / lengths.length) || 1) as [number, number];
  const lengthScale = { mean, sd };
  const rows = texts.map((t) => rowOf(t, vocabulary, lengthScale));
  const width = vocabulary.size + 2;
  // Step 1/L, with L bounding the loss's curvature: ¼ Σ (‖x‖² + 1) for the data and intercept, plus the penalty.
  const curvature = 0.25 * rows.reduce((a, r) => a + r.value.reduce((b, v) => b + v * v, 0) + 1, 0) + L2;
  const step = 1 / curvature;
  const tolerance = 1e-6 * rows.length;
  // Nesterov's accelerated gradient, the gradient taken at the look-ahead point `ahead`.
  let weights = new Float64Array(width + 1);
  let previous = new Float64Array(width + 1);
  const ahead = new Float64Array(width + 1);
  const gradient = new Float64Array(width + 1);
  let iterations = 0;
  let sinceRestart = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS && !converged) {
    iterations++;
    sinceRestart++;
    const momentum = (sinceRestart - 1) / (sinceRestart + 2);
    for (let j = 0; j <= width; j++) ahead[j] = weights[j]! + momentum * (weights[j]! - previous[j]!);
    // The last slot is the intercept: unpenalised, and every row has it.
    for (let j = 0; j < width; j++) gradient[j] = L2 * ahead[j]!;
    gradient[width] = 0;
    rows.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-(dot(row, ahead) + ahead[width]!)));
      const residual = p - (labels[i] ? 1 : 0);
      for (let k = 0; k < row.index.length; k++) gradient[row.index[k]!]! += residual * row.value[k]!;
      gradient[width]! += residual;
    });
    let norm = 0;
    for (let j = 0; j <= width; j++) norm += gradient[j]! * gradient[j]!;
    converged = Math.sqrt(norm) < tolerance;
    [previous, weights] = [weights, previous];
    let uphill = 0;
    for (let j = 0; j <= width; j++) {
      weights[j] = ahead[j]! - step * gradient[j]!;
      uphill += gradient[j]! * (weights[j]! - previous[j]!);
    }
    // Adaptive restart (O'Donoghue and Candès): momentum that points uphill is dropped.
    if (uphill > 0) sinceRestart = 0;
  }
  return { vocabulary, lengthScale, weights: weights.slice(0, width), bias: weights[width]!, iterations, converged };
}

/** The classifier's log-odds that a text shows the behaviour. */
export function scoreText(classifier: TextClassifier, text: string): number {
  return dot(rowOf(text, classifier.vocabulary, classifier.lengthScale), classifier.weights) + classifier.bias;
}
