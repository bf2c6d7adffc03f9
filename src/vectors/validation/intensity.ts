/**
 * Numeric intensity templates (a dose, hours without water, months of runway ...) read at the
 * reply-start token with the single readout: does afraid rise and calm fall as the number grows?
 * Spearman rho with bootstrap intervals, beside a random direction.
 */
import type { LanguageModel } from "../../engine/languageModel.js";
import { INTENSITY_TEMPLATES, renderIntensityPrompt } from "../data/intensity.js";
import { bootstrapSpearman } from "../inference.js";
import type { EmotionReader } from "../reader.js";
import { randomUnitVectors, spearman } from "../stats.js";
import { replyStartStates } from "./textReadings.js";
import type { IntensityResult } from "./types.js";

export async function intensityTemplates(model: LanguageModel, reader: EmotionReader, wanted: readonly string[], seed = 7): Promise<IntensityResult[]> {
  const emotions = wanted.filter((e) => reader.emotions.includes(e));
  const tested = reader.select(emotions);
  const [random] = randomUnitVectors(1, reader.basis.mean.length, seed);
  const results: IntensityResult[] = [];
  for (const template of INTENSITY_TEMPLATES) {
    const states = await replyStartStates(
      model,
      reader.layer,
      template.values.map((v) => renderIntensityPrompt(template, v)),
    );
    const rank = template.values.map((_, i) => i);
    const readouts: Record<string, number[]> = Object.fromEntries(emotions.map((e) => [e, [] as number[]]));
    for (const state of states) tested.read(state).forEach((r, k) => readouts[emotions[k]!]!.push(r.z));
    const randomScores = states.map((h) => h.reduce((a, x, j) => a + (x - tested.basis.mean[j]!) * random![j]!, 0));
    results.push({
      id: template.id,
      description: template.description,
      values: [...template.values],
      readouts,
      spearman: Object.fromEntries(emotions.map((e) => [e, { rho: spearman(rank, readouts[e]!), interval: bootstrapSpearman(rank, readouts[e]!) }])),
      random: { rho: spearman(rank, randomScores), interval: bootstrapSpearman(rank, randomScores) },
    });
  }
  return results;
}
