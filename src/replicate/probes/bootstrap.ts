/** Small seeded resampling helpers the probes share. */
import { mulberry32 } from "../../vectors/stats.js";

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** 95% percentile interval of `statistic` over `draws` resamples (with replacement) of `count` units. */
export function bootstrapInterval(count: number, statistic: (units: readonly number[]) => number, draws = 1000, seed = 13): [number, number] {
  const random = mulberry32(seed);
  const values: number[] = [];
  for (let d = 0; d < draws; d++) {
    const units = Array.from({ length: count }, () => Math.floor(random() * count));
    const v = statistic(units);
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  if (values.length === 0) return [NaN, NaN];
  return [values[Math.floor(0.025 * (values.length - 1))]!, values[Math.ceil(0.975 * (values.length - 1))]!];
}

/** Mean of the diagonal minus the mean of the off-diagonal of a square matrix. */
export function diagonalGap(matrix: readonly (readonly number[])[]): { diagonal: number; offDiagonal: number } {
  const diag: number[] = [];
  const off: number[] = [];
  matrix.forEach((row, i) => row.forEach((v, j) => (i === j ? diag : off).push(v)));
  return { diagonal: mean(diag), offDiagonal: mean(off) };
}

/** Rows whose largest entry sits on the diagonal. */
export function diagonalHits(matrix: readonly (readonly number[])[]): number {
  return matrix.filter((row, i) => row.every((v, j) => j === i || v < row[i]!)).length;
}

/** p of the diagonal gap against rows shuffled among themselves (which steering goes with which word). */
export function rowPermutationP(matrix: readonly (readonly number[])[], permutations = 2000, seed = 17): number {
  const gap = (m: readonly (readonly number[])[]) => {
    const g = diagonalGap(m);
    return g.diagonal - g.offDiagonal;
  };
  const observed = gap(matrix);
  const random = mulberry32(seed);
  let atLeast = 0;
  for (let p = 0; p < permutations; p++) {
    const order = matrix.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    if (gap(order.map((i) => matrix[i]!)) >= observed - 1e-12) atLeast++;
  }
  return (1 + atLeast) / (1 + permutations);
}
