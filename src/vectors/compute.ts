/**
 * From stored story means to emotion vectors. On the balanced grid each story is first centred
 * on its premise (the mean of every emotion's story for that premise), so what a premise is about
 * cancels exactly; an emotion's direction is the mean of its centred stories. The neutral set's
 * top principal components are projected out and the result scaled to unit length.
 */
import { InternalError, InvalidInputError } from "../errors.js";
import { topEigenvectors } from "./stats.js";

export interface NeutralMoments {
  count: number;
  sum: Float64Array;
  /** Upper triangle (and diagonal) of the sum of outer products, row-major n x n. */
  outerSum: Float64Array;
}

/** One accepted story at one layer. */
export interface StoryPoint {
  emotion: string;
  premise: number;
  mean: Float32Array;
}

/** The neutral set's covariance (full symmetric n x n). */
export function neutralCovariance(moments: NeutralMoments, n: number): Float64Array {
  const cov = new Float64Array(n * n);
  const mean = neutralMean(moments);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = moments.outerSum[i * n + j]! / moments.count - mean[i]! * mean[j]!;
      cov[i * n + j] = value;
      cov[j * n + i] = value;
    }
  }
  return cov;
}

export function neutralMean(moments: NeutralMoments): Float64Array {
  return Float64Array.from(moments.sum, (x) => x / moments.count);
}

/** Tile width of accumulateOuter: a 64×64 float64 tile (32 KB) stays in cache while every row passes over it. */
const OUTER_TILE = 64;

/**
 * Adds the upper triangle of x xᵀ for each row of `rows` ([count x n]) to `outerSum`. The n²
 * accumulator (19 MB at n = 1536) is far larger than any cache, so it is updated tile by tile,
 * once per call, with all rows summed into a cached tile first; the sums equal a row-by-row
 * accumulation up to round-off order.
 */
export function accumulateOuter(outerSum: Float64Array, sum: Float64Array, rows: Float32Array, count: number, n: number): void {
  for (let r = 0; r < count; r++) {
    const offset = r * n;
    for (let i = 0; i < n; i++) sum[i] = sum[i]! + rows[offset + i]!;
  }
  const tile = new Float64Array(OUTER_TILE * OUTER_TILE);
  for (let ib = 0; ib < n; ib += OUTER_TILE) {
    const iEnd = Math.min(n, ib + OUTER_TILE);
    for (let jb = ib; jb < n; jb += OUTER_TILE) {
      const jEnd = Math.min(n, jb + OUTER_TILE);
      tile.fill(0);
      for (let r = 0; r < count; r++) {
        const offset = r * n;
        for (let i = ib; i < iEnd; i++) {
          const xi = rows[offset + i]!;
          if (xi === 0) continue;
          const t = (i - ib) * OUTER_TILE - jb;
          for (let j = Math.max(jb, i); j < jEnd; j++) tile[t + j] = tile[t + j]! + xi * rows[offset + j]!;
        }
      }
      for (let i = ib; i < iEnd; i++) {
        const t = (i - ib) * OUTER_TILE - jb;
        const base = i * n;
        for (let j = Math.max(jb, i); j < jEnd; j++) outerSum[base + j] = outerSum[base + j]! + tile[t + j]!;
      }
    }
  }
}

/**
 * Premise-centred emotion directions (not yet denoised or normalised). A premise written for
 * only one emotion carries no contrast and is skipped; on a complete grid this equals "emotion
 * mean minus the mean of all emotion means".
 */
export function premiseCentredDirections(points: readonly StoryPoint[], emotions: readonly string[], n: number): Map<string, Float64Array> {
  const byPremise = new Map<number, StoryPoint[]>();
  for (const p of points) byPremise.set(p.premise, [...(byPremise.get(p.premise) ?? []), p]);
  const sums = new Map(emotions.map((e) => [e, { sum: new Float64Array(n), count: 0 }]));
  for (const group of byPremise.values()) {
    if (new Set(group.map((p) => p.emotion)).size < 2) continue;
    const centroid = new Float64Array(n);
    for (const p of group) for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + p.mean[i]! / group.length;
    for (const p of group) {
      const acc = sums.get(p.emotion);
      if (!acc) continue;
      for (let i = 0; i < n; i++) acc.sum[i] = acc.sum[i]! + p.mean[i]! - centroid[i]!;
      acc.count++;
    }
  }
  const missing = emotions.filter((e) => sums.get(e)!.count === 0);
  if (missing.length) {
    throw new InvalidInputError(
      "EMPTY_INPUT",
      `No usable training story shares a premise with another emotion for: ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ", …" : ""}. Write more premises per emotion (or check the rejected stories in stories.jsonl).`,
      { missing },
    );
  }
  return new Map(
    emotions.map((e) => {
      const { sum, count } = sums.get(e)!;
      return [e, Float64Array.from(sum, (x) => x / count)];
    }),
  );
}

/** The neutral principal directions that together explain `varianceFraction` of its variance. */
export function denoisingBasis(neutral: NeutralMoments | undefined, n: number, varianceFraction: number): Float64Array[] {
  if (varianceFraction <= 0 || !neutral || neutral.count < 2) return [];
  return topEigenvectors(neutralCovariance(neutral, n), n, varianceFraction).vectors;
}

/** Projects `basis` out of a direction and scales it to unit length. */
export function finishDirection(direction: ArrayLike<number>, basis: readonly Float64Array[], what: string): Float32Array {
  const v = Float64Array.from(direction);
  for (const u of basis) {
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i]! * u[i]!;
    for (let i = 0; i < v.length; i++) v[i] = v[i]! - dot * u[i]!;
  }
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  if (!(norm > 0)) throw new InternalError("INTERNAL", `The vector for "${what}" has zero length after denoising.`);
  return Float32Array.from(v, (x) => x / norm);
}

/** sqrt(vᵀ Σ v): the spread of the readout (h − μ)·v over neutral tokens. */
export function neutralSpread(v: ArrayLike<number>, covariance: Float64Array, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) row += covariance[i * n + j]! * v[j]!;
    total += vi * row;
  }
  return Math.sqrt(Math.max(total, 0));
}
