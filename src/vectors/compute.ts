/**
 * From running sums to emotion vectors: per-emotion mean minus the mean of all emotion
 * means, minus the neutral set's top principal components, normalised to unit length.
 */
import { LimbicError } from "../errors.js";
import { topEigenvectors } from "./stats.js";

export interface NeutralMoments {
  count: number;
  sum: Float64Array;
  /** Upper triangle (and diagonal) of the sum of outer products, row-major n x n. */
  outerSum: Float64Array;
}

/** The neutral set's covariance (full symmetric n x n). */
export function neutralCovariance(moments: NeutralMoments, n: number): Float64Array {
  const cov = new Float64Array(n * n);
  const mean = Float64Array.from(moments.sum, (x) => x / moments.count);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = moments.outerSum[i * n + j]! / moments.count - mean[i]! * mean[j]!;
      cov[i * n + j] = value;
      cov[j * n + i] = value;
    }
  }
  return cov;
}

/** Adds the upper triangle of x xᵀ for each row of `rows` ([count x n]) to `outerSum`. */
export function accumulateOuter(outerSum: Float64Array, sum: Float64Array, rows: Float32Array, count: number, n: number): void {
  for (let r = 0; r < count; r++) {
    const offset = r * n;
    for (let i = 0; i < n; i++) {
      const xi = rows[offset + i]!;
      sum[i] = sum[i]! + xi;
      if (xi === 0) continue;
      const base = i * n;
      for (let j = i; j < n; j++) outerSum[base + j] = outerSum[base + j]! + xi * rows[offset + j]!;
    }
  }
}

export interface LayerVectors {
  vectors: Map<string, Float32Array>;
  components: number;
}

export function computeLayerVectors(
  means: Map<string, Float64Array>,
  neutral: NeutralMoments | undefined,
  n: number,
  varianceFraction: number,
): LayerVectors {
  const emotions = [...means.keys()];
  if (emotions.length < 2) throw new LimbicError("EMPTY_INPUT", "Emotion vectors need stories for at least two emotions (each vector is relative to the mean of all).");
  const grand = new Float64Array(n);
  for (const mean of means.values()) for (let i = 0; i < n; i++) grand[i] = grand[i]! + mean[i]! / emotions.length;
  let basis: Float64Array[] = [];
  if (varianceFraction > 0 && neutral && neutral.count > 1) basis = topEigenvectors(neutralCovariance(neutral, n), n, varianceFraction).vectors;
  const vectors = new Map<string, Float32Array>();
  for (const [emotion, mean] of means) {
    const v = Float64Array.from(mean, (x, i) => x - grand[i]!);
    for (const u of basis) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[i]! * u[i]!;
      for (let i = 0; i < n; i++) v[i] = v[i]! - dot * u[i]!;
    }
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    if (!(norm > 0)) throw new LimbicError("INTERNAL", `The vector for "${emotion}" has zero length after denoising.`);
    vectors.set(emotion, Float32Array.from(v, (x) => x / norm));
  }
  return { vectors, components: basis.length };
}
