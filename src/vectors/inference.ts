/**
 * Intervals and nulls for validation numbers: Wilson intervals for rates, Fisher-z intervals for
 * correlations, label-permutation p-values, bootstrap intervals, and the AUROC. No I/O; every
 * random draw comes from a seeded generator, so a report is reproducible.
 */
import { mulberry32, spearman } from "./stats.js";

export interface RateInterval {
  rate: number;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for a binomial rate: well-behaved at 0 and n, unlike the normal approximation. */
export function wilsonInterval(successes: number, n: number, z = Z95): RateInterval {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= successes <= n (got ${successes}/${n})`);
  }
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp round-off so that 0/n has low exactly 0 and n/n has high exactly 1.
  return { rate: p, low: successes === 0 ? 0 : Math.max(0, center - half), high: successes === n ? 1 : Math.min(1, center + half) };
}

/** 95% interval of a Pearson r over n points (Fisher z); null when n < 4. */
export function fisherInterval(r: number, n: number): [number, number] | null {
  if (!(n >= 4) || !Number.isFinite(r)) return null;
  const z = Math.atanh(Math.max(-0.999999, Math.min(0.999999, r)));
  const half = Z95 / Math.sqrt(n - 3);
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

/** Fisher-Yates shuffle of a copy, with the given generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface PermutationTest {
  observed: number;
  permutations: number;
  /** (1 + #{null >= observed}) / (1 + permutations): never 0. */
  p: number;
  nullMean: number;
  null95: number;
}

/**
 * How often a statistic computed with shuffled labels reaches the observed one. `statistic`
 * gets the labels to use (the true ones first, then shuffles).
 */
export function permutationTest<T>(labels: readonly T[], statistic: (labels: readonly T[]) => number, permutations = 1000, seed = 7): PermutationTest {
  const observed = statistic(labels);
  const random = mulberry32(seed);
  const draws: number[] = [];
  let reached = 0;
  for (let i = 0; i < permutations; i++) {
    const value = statistic(shuffled(labels, random));
    draws.push(value);
    if (value >= observed - 1e-12) reached++;
  }
  draws.sort((a, b) => a - b);
  return {
    observed,
    permutations,
    p: (1 + reached) / (1 + permutations),
    nullMean: draws.reduce((a, b) => a + b, 0) / Math.max(1, draws.length),
    null95: draws[Math.floor(0.95 * (draws.length - 1))] ?? NaN,
  };
}

/** Percentile bootstrap 95% interval of Spearman's rho over paired points. */
export function bootstrapSpearman(x: readonly number[], y: readonly number[], draws = 1000, seed = 11): [number, number] {
  const random = mulberry32(seed);
  const values: number[] = [];
  for (let d = 0; d < draws; d++) {
    const pick = x.map(() => Math.floor(random() * x.length));
    const rho = spearman(
      pick.map((i) => x[i]!),
      pick.map((i) => y[i]!),
    );
    if (Number.isFinite(rho)) values.push(rho);
  }
  values.sort((a, b) => a - b);
  return [values[Math.floor(0.025 * (values.length - 1))] ?? NaN, values[Math.ceil(0.975 * (values.length - 1))] ?? NaN];
}

/** Area under the ROC curve: P(score of a positive > score of a negative), ties counting half. */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  const all = [...positives.map((s) => ({ s, pos: true })), ...negatives.map((s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.s === all[i]!.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.pos) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}
