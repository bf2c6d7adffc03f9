/**
 * The vectors' geometry: PCA (PC1 against human valence ratings, with a Fisher interval and the
 * same correlation for random direction sets through the same denoising), similarity, clusters.
 */
import { denoisingBasis, finishDirection, type NeutralMoments } from "../compute.js";
import { fisherInterval } from "../inference.js";
import { valenceNorms } from "../lexicons.js";
import { cosine, kmeans, pcaOfRows, pearson, randomUnitVectors, similarityOrder } from "../stats.js";
import type { CorrelationResult, GeometryResult } from "./types.js";

const RANDOM_DRAWS = 100;

function pc1Correlation(scores: number[][], emotions: readonly string[], ratings: Map<string, number>): { r: number; n: number } | null {
  const rated = emotions.map((e, i) => [i, ratings.get(e)] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  if (rated.length < 4) return null;
  return {
    r: pearson(
      rated.map(([i]) => scores[i]![0]!),
      rated.map(([, v]) => v),
    ),
    n: rated.length,
  };
}

export function geometry(
  emotions: readonly string[],
  directions: Float32Array[],
  neutral: NeutralMoments | undefined,
  denoiseVariance: number,
  seed = 7,
): GeometryResult {
  const pca = pcaOfRows(directions);
  const norms = valenceNorms(emotions);
  // A component's sign is arbitrary: orient PC1 toward positive valence on the first norm (VADER).
  const primary = pc1Correlation(pca.scores, emotions, norms[0]!.ratings);
  const sign = primary && primary.r < 0 ? -1 : 1;
  const valence: CorrelationResult[] = norms.map((norm) => {
    const c = pc1Correlation(pca.scores, emotions, norm.ratings);
    const r = c ? sign * c.r : null;
    return { norm: norm.name, description: norm.description, r, interval: c && r !== null ? fisherInterval(r, c.n) : null, n: c?.n ?? 0 };
  });
  let randomValence: GeometryResult["randomValence"] = null;
  if (directions.length >= 4 && primary) {
    const n = directions[0]!.length;
    const basis = denoisingBasis(neutral, n, denoiseVariance);
    const values: number[] = [];
    for (let d = 0; d < RANDOM_DRAWS; d++) {
      const random = randomUnitVectors(directions.length, n, seed + 104729 * (d + 1)).map((v, i) => finishDirection(v, basis, `random ${i}`));
      const c = pc1Correlation(pcaOfRows(random).scores, emotions, norms[0]!.ratings);
      if (c && Number.isFinite(c.r)) values.push(Math.abs(c.r));
    }
    values.sort((a, b) => a - b);
    if (values.length)
      randomValence = { draws: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length, p95: values[Math.floor(0.95 * (values.length - 1))]! };
  }
  const matrix = directions.map((a) => directions.map((b) => cosine(a, b)));
  const k = Math.min(10, emotions.length);
  return {
    explained: pca.explained,
    coords: pca.scores.map((s) => [sign * (s[0] ?? 0), s[1] ?? 0] as [number, number]),
    pc1Orientation: sign,
    valence,
    randomValence,
    arousal: null,
    arousalNote: "Not computed: no arousal norm ships in a registry package Limbic can install (NRC VAD and Warriner et al. are not on npm).",
    similarity: { order: similarityOrder(matrix), matrix },
    clusters: { k, labels: kmeans(directions, k, seed) },
  };
}
