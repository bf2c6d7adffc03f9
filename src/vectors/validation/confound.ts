/**
 * Does premise content leak into the emotion vectors? Each story is described by its readouts
 * on every emotion vector; its premise is then guessed from premise centroids built on the other
 * emotions' stories. Near chance means the vectors carry little of what the story is about.
 */
import type { EmotionReader } from "../reader.js";
import { readZ } from "../readout.js";
import type { LabelledPoint } from "./heldOut.js";
import type { ConfoundResult } from "./types.js";

function distance(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! - b[i]!) ** 2;
  return d;
}

/** Premise top-1 by leave-one-emotion-out nearest centroid, over premises written for at least two emotions. */
export function premiseConfound(reader: EmotionReader, points: readonly LabelledPoint[], emotionTop1: number): ConfoundResult | null {
  const features = points.map((p) => ({ ...p, z: readZ(reader.basis, p.mean) }));
  const emotionsOf = new Map<number, Set<string>>();
  for (const f of features) emotionsOf.set(f.premise, (emotionsOf.get(f.premise) ?? new Set()).add(f.emotion));
  const shared = features.filter((f) => emotionsOf.get(f.premise)!.size >= 2);
  const premises = [...new Set(shared.map((f) => f.premise))];
  if (premises.length < 2) return null;
  let hits = 0;
  for (const emotion of new Set(shared.map((f) => f.emotion))) {
    const others = shared.filter((f) => f.emotion !== emotion);
    const centroids = new Map<number, { sum: number[]; count: number }>();
    for (const f of others) {
      const c = centroids.get(f.premise) ?? { sum: new Array<number>(f.z.length).fill(0), count: 0 };
      f.z.forEach((v, i) => (c.sum[i]! += v));
      c.count++;
      centroids.set(f.premise, c);
    }
    const means = [...centroids].map(([premise, c]) => ({ premise, mean: c.sum.map((s) => s / c.count) }));
    for (const f of shared.filter((s) => s.emotion === emotion)) {
      let best = means[0]!;
      for (const m of means) if (distance(f.z, m.mean) < distance(f.z, best.mean)) best = m;
      if (best.premise === f.premise) hits++;
    }
  }
  return { emotionTop1, premiseTop1: hits / shared.length, premiseChance: 1 / premises.length, stories: shared.length, premises: premises.length };
}
