/**
 * Does steering move what the model says it feels? Each core emotion steers the model over a
 * sentence frame that ends where a feeling word comes next ("How does he feel? He feels"); the
 * log-probability of every emotion word is compared with the unsteered frame. The diagonal
 * (steer e, word e) should rise more than the off-diagonal.
 */
import type { LanguageModel } from "../../engine/languageModel.js";
import type { Steering } from "../../engine/steering.js";
import { emotionSteering, type VectorSet } from "../../vectors/vectorSet.js";
import { FEEL_FRAMES } from "../data/probes.js";
import { bootstrapInterval, diagonalGap, diagonalHits, mean, rowPermutationP } from "./bootstrap.js";
import type { FeelResult } from "../types.js";

/** Summed log-probability of each word's tokens after the frame, for every word at once. */
async function wordLogProbs(model: LanguageModel, frame: Int32Array, words: readonly Int32Array[], steering: Steering | undefined): Promise<number[]> {
  const inputs = words.map((w) => Int32Array.from([...frame, ...w]));
  const reads = await model.forward(inputs, { positions: { start: frame.length - 1 }, logits: true, ...(steering ? { steering } : {}) });
  const vocab = model.info.nVocab;
  return reads.map((read, i) => {
    const logits = read.logits!;
    let total = 0;
    words[i]!.forEach((token, k) => {
      const row = logits.subarray(k * vocab, (k + 1) * vocab);
      let max = -Infinity;
      for (let v = 0; v < vocab; v++) if (row[v]! > max) max = row[v]!;
      let sum = 0;
      for (let v = 0; v < vocab; v++) sum += Math.exp(row[v]! - max);
      total += row[token]! - max - Math.log(sum);
    });
    return total;
  });
}

export async function feelProbe(
  model: LanguageModel,
  set: VectorSet,
  emotions: readonly string[],
  options: { strength: number; frames?: number; onStep?: () => void },
): Promise<FeelResult> {
  const frames = FEEL_FRAMES.slice(0, options.frames ?? FEEL_FRAMES.length);
  const frameTokens = await Promise.all(frames.map(async (f) => Int32Array.from(await model.tokenize(f))));
  const wordTokens = await Promise.all(emotions.map(async (e) => Int32Array.from(await model.tokenize(` ${e}`, { addSpecial: false }))));
  const base = [] as number[][];
  for (const frame of frameTokens) base.push(await wordLogProbs(model, frame, wordTokens, undefined));
  // delta[e][f][w]: log p(word w | frame f, steered by e) − the same unsteered.
  const delta: number[][][] = [];
  for (const emotion of emotions) {
    const steering = [emotionSteering(set, emotion, options.strength)];
    const perFrame: number[][] = [];
    for (const [f, frame] of frameTokens.entries()) {
      const steered = await wordLogProbs(model, frame, wordTokens, steering);
      perFrame.push(steered.map((lp, w) => lp - base[f]![w]!));
    }
    delta.push(perFrame);
    options.onStep?.();
  }
  const matrixOver = (units: readonly number[]) => emotions.map((_, e) => emotions.map((__, w) => mean(units.map((f) => delta[e]![f]![w]!))));
  const all = frames.map((_, f) => f);
  const matrix = matrixOver(all);
  const gap = diagonalGap(matrix);
  return {
    strength: options.strength,
    frames: frames.length,
    emotions: [...emotions],
    delta: matrix,
    diagonal: gap.diagonal,
    offDiagonal: gap.offDiagonal,
    difference: gap.diagonal - gap.offDiagonal,
    interval: bootstrapInterval(frames.length, (units) => {
      const g = diagonalGap(matrixOver(units));
      return g.diagonal - g.offDiagonal;
    }),
    hits: diagonalHits(matrix),
    permutationP: rowPermutationP(matrix),
  };
}
