/**
 * Why a held-out number is what it is: held-out top-1 at every extracted layer and for several
 * denoising shares, and per-emotion recall at the reading layer, all computed from the stored
 * story means (no model run). Shown beside the scorecard, never used to choose anything: the
 * reading layer and the share stay as the training split chose them.
 */
import { argmaxAccuracy } from "../vectors/buildSet.js";
import { finishDirection, neutralCovariance, neutralMean, neutralSpread, premiseCentredDirections, type StoryPoint } from "../vectors/compute.js";
import { readZ, type ReadoutBasis } from "../vectors/readout.js";
import { topEigenvectors } from "../vectors/stats.js";
import type { ExtractionStore } from "../vectors/store.js";
import type { VectorSet } from "../vectors/vectorSet.js";

export const DIAGNOSTIC_DENOISE_SHARES = [0, 0.5, 0.8] as const;

export interface HeldOutDiagnostics {
  /** Per layer: held-out top-1 for each denoising share (keys "0", "0.5", "0.8"), and the training two-fold accuracy that chose the layer. */
  layers: { layer: number; heldOut: Record<string, number>; training: number | null }[];
  readingLayer: number;
  /** Held-out recall per emotion at the reading layer and the set's own share. */
  recall: Record<string, number>;
}

export function heldOutDiagnostics(store: ExtractionStore, set: VectorSet, n: number): HeldOutDiagnostics {
  const emotions = set.manifest.emotions;
  const stories = store.stories().filter((s) => !s.rejected);
  const layers: HeldOutDiagnostics["layers"] = [];
  let recall: Record<string, number> = {};
  for (const layer of set.manifest.layers) {
    const means = store.storyMeans(layer, n);
    const points = stories
      .filter((s) => means.has(s.id))
      .map((s) => ({ emotion: s.emotion, premise: s.premiseIndex, heldOut: s.heldOut, mean: means.get(s.id)! }));
    const train: StoryPoint[] = points.filter((p) => !p.heldOut);
    const held = points.filter((p) => p.heldOut);
    const neutral = store.neutral(layer);
    if (!neutral || held.length === 0) continue;
    const covariance = neutralCovariance(neutral, n);
    const mean = Float32Array.from(neutralMean(neutral));
    // One decomposition serves every share: the leading components for the largest, prefixes for the rest.
    const largest = topEigenvectors(covariance, n, Math.max(...DIAGNOSTIC_DENOISE_SHARES));
    const raw = premiseCentredDirections(train, emotions, n);
    const heldOut: Record<string, number> = {};
    for (const share of DIAGNOSTIC_DENOISE_SHARES) {
      let count = 0;
      let cumulative = 0;
      while (share > 0 && count < largest.count && cumulative < share * (1 - 1e-12)) cumulative += largest.explained[count++]!;
      const basis = largest.vectors.slice(0, count);
      const vectors = emotions.map((e) => finishDirection(raw.get(e)!, basis, e));
      const readout: ReadoutBasis = { layer, emotions, vectors, mean, spread: vectors.map((v) => neutralSpread(v, covariance, n)) };
      heldOut[String(share)] = argmaxAccuracy(readout, held);
      if (layer === set.manifest.default_layer && share === set.manifest.denoise.variance_fraction) {
        recall = Object.fromEntries(
          emotions.map((e, i) => {
            const mine = held.filter((p) => p.emotion === e);
            const hits = mine.filter((p) => {
              const z = readZ(readout, p.mean);
              return z.every((v, j) => j === i || v < z[i]!);
            }).length;
            return [e, mine.length ? hits / mine.length : NaN];
          }),
        );
      }
    }
    layers.push({ layer, heldOut, training: set.manifest.layer_sweep?.accuracy?.[String(layer)] ?? null });
  }
  return { layers, readingLayer: set.manifest.default_layer, recall };
}
