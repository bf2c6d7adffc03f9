/**
 * The PCA share of random direction sets of the same size, passed through the set's own
 * denoising (so they live in the same subspace): the null beside the PC1 and PC2 shares.
 */
import { denoisingBasis, finishDirection, type NeutralMoments } from "../vectors/compute.js";
import { pcaOfRows, randomUnitVectors } from "../vectors/stats.js";
import type { PcaNull } from "./types.js";

export function randomPcaShares(
  count: number,
  width: number,
  neutral: NeutralMoments | undefined,
  denoiseVariance: number,
  draws: number,
  seed: number,
): PcaNull {
  const basis = denoisingBasis(neutral, width, denoiseVariance);
  const pc1: number[] = [];
  const pc2: number[] = [];
  for (let d = 0; d < draws; d++) {
    const vectors = randomUnitVectors(count, width, seed + 7919 * (d + 1)).map((v, i) => finishDirection(v, basis, `random ${i}`));
    const { explained } = pcaOfRows(vectors);
    pc1.push(explained[0] ?? 0);
    pc2.push(explained[1] ?? 0);
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), p95: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0 };
  };
  return { draws, pc1: summary(pc1), pc2: summary(pc2) };
}
