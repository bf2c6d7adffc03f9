/**
 * Does the set carry valence where plain sentences do? Hand-written positive and negative
 * sentences (ours) are read; the AUROC of the set's own axes (happy − sad, PC1) on one half is
 * set beside a mean-difference probe trained on the other half, the ceiling for this layer.
 */
import type { LanguageModel } from "../../engine/languageModel.js";
import { SENTIMENT_SENTENCES } from "../data/sentiment.js";
import { auroc } from "../inference.js";
import type { EmotionReader } from "../reader.js";
import { readZ } from "../readout.js";
import { pcaOfRows } from "../stats.js";
import { textMeans } from "./textReadings.js";
import type { SentimentResult } from "./types.js";

function projection(state: Float32Array, mean: Float32Array, direction: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < state.length; j++) s += (state[j]! - mean[j]!) * direction[j]!;
  return s;
}

export async function sentimentCheck(model: LanguageModel, reader: EmotionReader, pc1Sign: number): Promise<SentimentResult | null> {
  const items = SENTIMENT_SENTENCES;
  const states = await textMeans(
    model,
    reader.layer,
    items.map((i) => i.text),
  );
  const positive = (i: number) => items[i]!.valence === "positive";
  // One fixed split: alternate items of each valence go to training and test.
  const seen = { positive: 0, negative: 0 };
  const isTest = items.map((item) => seen[item.valence]++ % 2 === 1);
  const test = items.map((_, i) => i).filter((i) => isTest[i]);
  const train = items.map((_, i) => i).filter((i) => !isTest[i]);
  const aurocOf = (score: (i: number) => number) => auroc(test.filter(positive).map(score), test.filter((i) => !positive(i)).map(score));

  const axes: SentimentResult["axes"] = [];
  const mu = reader.basis.mean;
  if (reader.emotions.includes("happy") && reader.emotions.includes("sad")) {
    const pair = reader.select(["happy", "sad"]);
    axes.push({
      name: "happy − sad (z)",
      auroc: aurocOf((i) => {
        const [happy, sad] = readZ(pair.basis, states[i]!);
        return happy! - sad!;
      }),
    });
  }
  if (reader.emotions.length >= 4) {
    const pc1 = pcaOfRows([...reader.basis.vectors]).components[0];
    if (pc1) axes.push({ name: "PC1 (oriented to valence)", auroc: aurocOf((i) => pc1Sign * projection(states[i]!, mu, pc1)) });
  }
  const n = mu.length;
  const probe = new Float64Array(n);
  const pos = train.filter(positive);
  const neg = train.filter((i) => !positive(i));
  for (const i of pos) for (let j = 0; j < n; j++) probe[j] = probe[j]! + states[i]![j]! / pos.length;
  for (const i of neg) for (let j = 0; j < n; j++) probe[j] = probe[j]! - states[i]![j]! / neg.length;
  return {
    positives: items.filter((i) => i.valence === "positive").length,
    negatives: items.filter((i) => i.valence === "negative").length,
    axes,
    probe: { auroc: aurocOf((i) => projection(states[i]!, mu, probe)), train: train.length, test: test.length },
  };
}
