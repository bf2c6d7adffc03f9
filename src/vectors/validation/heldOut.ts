/**
 * Held-out stories (the same premises held out for every emotion) read by the set's vectors:
 * top-1 and top-5 against chance, a label-permutation null and random directions through the
 * same denoising; over all of the set's emotions and over the paper's core 12.
 */
import { CORE_EMOTIONS } from "../data/emotions.js";
import { denoisingBasis, finishDirection, neutralCovariance, neutralSpread, type NeutralMoments } from "../compute.js";
import type { EmotionReader } from "../reader.js";
import { readZ, type ReadoutBasis } from "../readout.js";
import { randomUnitVectors } from "../stats.js";
import { accuracyResult, confusion } from "./accuracy.js";
import type { HeldOutResult } from "./types.js";

export interface LabelledPoint {
  emotion: string;
  premise: number;
  mean: Float32Array;
}

/** Random unit directions, denoised like the set's, with σ from the same neutral moments. */
export function randomBases(template: ReadoutBasis, neutral: NeutralMoments | undefined, denoiseVariance: number, draws: number, seed: number): ReadoutBasis[] {
  const n = template.mean.length;
  const basis = denoisingBasis(neutral, n, denoiseVariance);
  const covariance = neutral ? neutralCovariance(neutral, n) : null;
  return Array.from({ length: draws }, (_, d) => {
    const vectors = randomUnitVectors(template.emotions.length, n, seed + d * 7919).map((v, i) => finishDirection(v, basis, `random ${i}`));
    return { ...template, vectors, spread: vectors.map((v) => (covariance ? neutralSpread(v, covariance, n) : 1)) };
  });
}

function scope(name: HeldOutResult["scope"], reader: EmotionReader, points: readonly LabelledPoint[], random: ReadoutBasis[] | null): HeldOutResult | null {
  const emotions = [...reader.emotions];
  const mine = points.filter((p) => emotions.includes(p.emotion));
  if (mine.length === 0) return null;
  const truth = mine.map((p) => emotions.indexOf(p.emotion));
  const rows = mine.map((p) => readZ(reader.basis, p.mean));
  const randomRows = random ? random.map((b) => mine.map((p) => readZ(b, p.mean))) : null;
  return {
    scope: name,
    emotions,
    stories: mine.length,
    top1: accuracyResult(rows, truth, 1, randomRows),
    top5: emotions.length > 5 ? accuracyResult(rows, truth, 5, randomRows) : null,
    confusion: emotions.length <= 12 ? confusion(rows, truth, emotions.length) : null,
  };
}

/** Results over every emotion of the set, and over the core 12 when the set has more than those and all of them. */
export function heldOutResults(
  reader: EmotionReader,
  points: readonly LabelledPoint[],
  neutral: NeutralMoments | undefined,
  denoiseVariance: number,
  seed = 7,
): HeldOutResult[] {
  const results: HeldOutResult[] = [];
  const all = scope("all", reader, points, randomBases(reader.basis, neutral, denoiseVariance, Math.max(20, Math.ceil(100 / reader.emotions.length)), seed));
  if (all) results.push(all);
  const hasCore = CORE_EMOTIONS.every((e) => reader.emotions.includes(e));
  if (hasCore && reader.emotions.length > CORE_EMOTIONS.length) {
    const core = reader.select(CORE_EMOTIONS);
    const result = scope("core12", core, points, randomBases(core.basis, neutral, denoiseVariance, 100, seed + 1));
    if (result) results.push(result);
  }
  return results;
}

/** Held-out top-1 alone (no nulls): the per-layer row of the layer sweep. */
export function heldOutTop1(reader: EmotionReader, points: readonly LabelledPoint[]): number | null {
  const mine = points.filter((p) => reader.emotions.includes(p.emotion));
  if (mine.length === 0) return null;
  let hits = 0;
  for (const p of mine) {
    const z = readZ(reader.basis, p.mean);
    let best = 0;
    for (let j = 1; j < z.length; j++) if (z[j]! > z[best]!) best = j;
    if (reader.emotions[best] === p.emotion) hits++;
  }
  return hits / mine.length;
}
