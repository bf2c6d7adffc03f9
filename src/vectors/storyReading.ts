/**
 * Turns a story's activations into its mean per layer. Position 0 is never averaged; the first
 * min(offset, 25% of the story) tokens are skipped; tokens that spell the emotion's own name are
 * left out (masked), so a story that names its feeling still counts for what it shows. A story
 * with fewer than MIN_KEPT_TOKENS tokens left is rejected.
 */
import { tokenCharSpans } from "../engine/tokenSpans.js";
import type { TokenByteSource } from "../engine/tokenByteSource.js";
import { namedEmotionSpans } from "./emotionWords.js";

export const MIN_KEPT_TOKENS = 16;

export interface StoryRead {
  tokens: number;
  kept: number;
  masked: number;
  /** layer -> mean over kept tokens (empty when rejected). */
  means: Map<number, Float32Array>;
  /** layer -> sum of the kept tokens' L2 norms. */
  normSums: Map<number, number>;
  rejected: string | null;
}

/**
 * Which of a story's token rows are averaged. `tokens` are the ids of the rows, in order, and
 * `text` what they spell (BOS, when present, spells nothing).
 */
export function keptRows(
  model: TokenByteSource,
  emotion: string | null,
  text: string,
  tokens: ArrayLike<number>,
  tokenOffset: number,
): { rows: number[]; masked: number } {
  const count = tokens.length;
  const start = Math.max(1, Math.min(tokenOffset, Math.floor(count * 0.25)));
  const named = emotion ? namedEmotionSpans(emotion, text) : [];
  const spans = named.length ? tokenCharSpans(model, text, tokens) : [];
  const rows: number[] = [];
  let masked = 0;
  for (let r = start; r < count; r++) {
    const span = spans[r];
    if (span && span.end > span.start && named.some((w) => span.start < w.end && w.start < span.end)) {
      masked++;
      continue;
    }
    rows.push(r);
  }
  return { rows, masked };
}

/** Means and norms of the kept rows of `[count x n]` activations per layer. */
export function readStory(layers: Map<number, Float32Array>, n: number, selection: { rows: number[]; masked: number }, tokens: number): StoryRead {
  const { rows, masked } = selection;
  if (rows.length < MIN_KEPT_TOKENS) {
    return {
      tokens,
      kept: rows.length,
      masked,
      means: new Map(),
      normSums: new Map(),
      rejected: `too short: ${rows.length} tokens left to average (at least ${MIN_KEPT_TOKENS})`,
    };
  }
  const means = new Map<number, Float32Array>();
  const normSums = new Map<number, number>();
  for (const [layer, data] of layers) {
    const sum = new Float64Array(n);
    let normSum = 0;
    for (const r of rows) {
      // A view of the row: the inner loop indexes from 0 (about 20% less CPU than data[r * n + j]).
      const row = data.subarray(r * n, r * n + n);
      let sq = 0;
      for (let j = 0; j < n; j++) {
        const x = row[j]!;
        sum[j] = sum[j]! + x;
        sq += x * x;
      }
      normSum += Math.sqrt(sq);
    }
    means.set(
      layer,
      Float32Array.from(sum, (x) => x / rows.length),
    );
    normSums.set(layer, normSum);
  }
  return { tokens, kept: rows.length, masked, means, normSums, rejected: null };
}
