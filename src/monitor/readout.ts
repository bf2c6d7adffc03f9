/**
 * Per-token emotion readouts: cosine with each unit vector, the raw projection, and a
 * z-score against a neutral-text baseline computed once per vector set and layer.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { Model } from "../engine/model.js";
import { neutralTexts } from "../vectors/extract.js";
import { vectorFor, type VectorSet } from "../vectors/vectorSet.js";

export interface EmotionBaseline {
  mean: number;
  std: number;
}

export interface Baseline {
  layer: number;
  tokens: number;
  model_sha256: string;
  emotions: Record<string, EmotionBaseline>;
}

export interface Readout {
  cosine: number;
  projection: number;
  z: number;
}

/** Reads one activation row against unit vectors. */
export class EmotionReader {
  private readonly vectors: Float32Array[];
  constructor(
    readonly emotions: readonly string[],
    set: VectorSet,
    readonly layer: number,
    private readonly baseline: Baseline,
  ) {
    this.vectors = emotions.map((e) => vectorFor(set, e, layer));
  }

  read(row: Float32Array, offset = 0): Readout[] {
    const n = this.vectors[0]!.length;
    let sq = 0;
    for (let j = 0; j < n; j++) sq += row[offset + j]! ** 2;
    const norm = Math.sqrt(sq) || 1;
    return this.vectors.map((v, i) => {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += row[offset + j]! * v[j]!;
      const cosine = dot / norm;
      const b = this.baseline.emotions[this.emotions[i]!]!;
      return { cosine, projection: dot, z: (cosine - b.mean) / (b.std || 1) };
    });
  }
}

function baselineFile(set: VectorSet, layer: number): string {
  return path.join(set.dir, `baseline-layer${layer}.json`);
}

/** The neutral baseline of every emotion in the set at `layer`, computed and stored on first use. */
export async function loadBaseline(model: Model, set: VectorSet, layer: number): Promise<Baseline> {
  const file = baselineFile(set, layer);
  try {
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as Baseline;
    if (stored.layer === layer && stored.model_sha256 === model.info.sha256 && set.manifest.emotions.every((e) => stored.emotions[e])) return stored;
  } catch {
    // not computed yet
  }
  const vectors = set.manifest.emotions.map((e) => vectorFor(set, e, layer));
  const n = model.info.nEmbd;
  const sums = new Float64Array(vectors.length);
  const squares = new Float64Array(vectors.length);
  let count = 0;
  const reads = await model.forward(neutralTexts(model), { layers: [layer], positions: { start: 1 } });
  for (const read of reads) {
    const data = read.layers.get(layer)!;
    for (let r = 0; r < read.positions.length; r++) {
      let sq = 0;
      for (let j = 0; j < n; j++) sq += data[r * n + j]! ** 2;
      const norm = Math.sqrt(sq) || 1;
      vectors.forEach((v, i) => {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += data[r * n + j]! * v[j]!;
        const c = dot / norm;
        sums[i] = sums[i]! + c;
        squares[i] = squares[i]! + c * c;
      });
      count++;
    }
  }
  const emotions: Record<string, EmotionBaseline> = {};
  set.manifest.emotions.forEach((e, i) => {
    const mean = sums[i]! / count;
    emotions[e] = { mean, std: Math.sqrt(Math.max(0, squares[i]! / count - mean * mean)) };
  });
  const baseline: Baseline = { layer, tokens: count, model_sha256: model.info.sha256, emotions };
  await fs.writeFile(file, JSON.stringify(baseline, null, 2));
  return baseline;
}
