/** Top-k accuracy of z readouts with its Wilson interval, label-permutation null and random-direction control. */
import { permutationTest, wilsonInterval } from "../inference.js";
import type { AccuracyResult } from "./types.js";

/** rank[i][j]: how many labels outrank label j in row i (ties broken by index, so ties never flatter). */
export function labelRanks(rows: readonly number[][]): number[][] {
  return rows.map((z) =>
    z.map((zj, j) => {
      let ahead = 0;
      for (let m = 0; m < z.length; m++) if (z[m]! > zj || (z[m] === zj && m < j)) ahead++;
      return ahead;
    }),
  );
}

export function topKHits(ranks: readonly number[][], truth: readonly number[], k: number): number {
  let hits = 0;
  truth.forEach((t, i) => {
    if (ranks[i]![t]! < k) hits++;
  });
  return hits;
}

/**
 * `rows` are z readouts (one row per item, one column per label), `truth` the label of each row.
 * `randomRows`, when given, are the same items read by random directions, one matrix per draw.
 */
export function accuracyResult(
  rows: readonly number[][],
  truth: readonly number[],
  k: number,
  randomRows: readonly (readonly number[][])[] | null,
  options: { permutations?: number; seed?: number } = {},
): AccuracyResult {
  const labels = rows[0]?.length ?? 0;
  const ranks = labelRanks(rows);
  const n = truth.length;
  const hits = topKHits(ranks, truth, k);
  const test = permutationTest(truth, (t) => topKHits(ranks, t, k) / Math.max(1, n), options.permutations ?? 1000, options.seed ?? 7);
  let random: AccuracyResult["random"] = null;
  if (randomRows && randomRows.length > 0) {
    const accuracies = randomRows.map((r) => topKHits(labelRanks(r), truth, k) / Math.max(1, n)).sort((a, b) => a - b);
    random = {
      draws: accuracies.length,
      mean: accuracies.reduce((a, b) => a + b, 0) / accuracies.length,
      p95: accuracies[Math.floor(0.95 * (accuracies.length - 1))]!,
    };
  }
  return {
    k,
    hits,
    n,
    interval: wilsonInterval(hits, n),
    chance: labels ? Math.min(1, k / labels) : 0,
    permutation: { p: test.p, permutations: test.permutations, nullMean: test.nullMean, null95: test.null95 },
    random,
  };
}

export function confusion(rows: readonly number[][], truth: readonly number[], labels: number): number[][] {
  const matrix = Array.from({ length: labels }, () => new Array<number>(labels).fill(0));
  rows.forEach((z, i) => {
    let best = 0;
    for (let j = 1; j < z.length; j++) if (z[j]! > z[best]!) best = j;
    matrix[truth[i]!]![best]!++;
  });
  return matrix;
}
