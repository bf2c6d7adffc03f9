/**
 * Steering moves what the steered text carries: the model answers plain requests steered by each
 * core emotion (and by random directions of the same norm), the replies are read back unsteered,
 * and the steered emotion's readout should rise more than under a random push.
 */
import type { LanguageModel } from "../../engine/languageModel.js";
import { normScaledSteering } from "../../engine/steering.js";
import type { EmotionReader } from "../../vectors/reader.js";
import { randomUnitVectors } from "../../vectors/stats.js";
import { textMeans } from "../../vectors/validation/textReadings.js";
import { emotionSteering, type VectorSet } from "../../vectors/vectorSet.js";
import { NEUTRAL_REQUESTS } from "../data/probes.js";
import { bootstrapInterval, diagonalHits, mean, rowPermutationP } from "./bootstrap.js";
import type { SelfReadoutResult } from "../types.js";

export async function selfReadoutProbe(
  model: LanguageModel,
  set: VectorSet,
  reader: EmotionReader,
  options: { strength: number; requests?: number; randomDraws?: number; maxTokens?: number; seed: number; onStep?: () => void },
): Promise<SelfReadoutResult> {
  const requests = NEUTRAL_REQUESTS.slice(0, options.requests ?? NEUTRAL_REQUESTS.length);
  const emotions = [...reader.emotions];
  const layer = reader.layer;
  const norm = set.manifest.mean_residual_norms[String(layer)]!;
  const randoms = randomUnitVectors(options.randomDraws ?? 3, model.info.nEmbd, options.seed + 4099);
  const conditions = [
    { name: "unsteered", steering: undefined },
    ...emotions.map((e) => ({ name: e, steering: [emotionSteering(set, e, options.strength, layer)] })),
    ...randoms.map((v, i) => ({ name: `random ${i}`, steering: [normScaledSteering(layer, v, options.strength, norm)] })),
  ];
  // readouts[condition][request] = z of every emotion over the reply.
  const readouts: number[][][] = [];
  let tokens = 0;
  for (const condition of conditions) {
    const results = await model.generateBatch(
      requests.map((content, q) => ({
        messages: [{ role: "user" as const, content }],
        maxTokens: options.maxTokens ?? 48,
        temperature: 0.7,
        seed: options.seed + q,
        ...(condition.steering ? { steering: condition.steering } : {}),
      })),
    );
    tokens += results.reduce((a, r) => a + r.tokens.length, 0);
    const states = await textMeans(
      model,
      layer,
      results.map((r) => (r.text.trim().length > 0 ? r.text : ".")),
    );
    readouts.push(states.map((s) => reader.read(s).map((r) => r.z)));
    options.onStep?.();
  }
  const shift = (c: number, units: readonly number[]) => emotions.map((_, j) => mean(units.map((q) => readouts[c]![q]![j]! - readouts[0]![q]![j]!)));
  const all = requests.map((_, q) => q);
  const matrix = emotions.map((_, e) => shift(1 + e, all));
  const randomShifts = randoms.map((_, r) => shift(1 + emotions.length + r, all));
  const ownOver = (units: readonly number[]) => mean(emotions.map((_, e) => shift(1 + e, units)[e]!));
  const randomOver = (units: readonly number[]) => mean(randoms.flatMap((_, r) => shift(1 + emotions.length + r, units)));
  return {
    strength: options.strength,
    requests: requests.length,
    emotions,
    generatedTokens: tokens,
    shift: matrix,
    ownShift: ownOver(all),
    ownInterval: bootstrapInterval(requests.length, ownOver),
    randomShift: randomOver(all),
    randomAbsMax: Math.max(...randomShifts.flat().map(Math.abs)),
    difference: ownOver(all) - randomOver(all),
    differenceInterval: bootstrapInterval(requests.length, (u) => ownOver(u) - randomOver(u)),
    hits: diagonalHits(matrix),
    permutationP: rowPermutationP(matrix),
  };
}
