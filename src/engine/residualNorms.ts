/**
 * Mean L2 norm of block outputs per layer over a text set: the unit of steering strength.
 * Backend-neutral (it only needs a forward pass); the llama.cpp Model keeps its own copy of
 * this loop until phase 2 moves it here.
 */
import { InvalidInputError } from "../errors.js";
import type { ForwardOptions, ForwardResult } from "./forward.js";
import { validateLayers } from "./forward.js";

export async function meanResidualNorms(
  forward: (texts: readonly string[], options: ForwardOptions) => Promise<ForwardResult[]>,
  shape: { nLayer: number; nEmbd: number },
  texts: readonly string[],
  options: { layers?: readonly number[]; skipTokens?: number } = {},
): Promise<Map<number, number>> {
  const layers = validateLayers(options.layers ?? Array.from({ length: shape.nLayer }, (_, i) => i), shape.nLayer);
  const skip = options.skipTokens ?? 1;
  const sums = new Map(layers.map((l) => [l, 0]));
  let count = 0;
  for (const result of await forward(texts, { layers })) {
    for (let row = skip; row < result.positions.length; row++) {
      count++;
      for (const layer of layers) {
        const data = result.layers.get(layer)!;
        let sum = 0;
        for (let j = row * shape.nEmbd; j < (row + 1) * shape.nEmbd; j++) sum += data[j]! * data[j]!;
        sums.set(layer, sums.get(layer)! + Math.sqrt(sum));
      }
    }
  }
  if (count === 0) throw new InvalidInputError("EMPTY_INPUT", `The texts have no tokens after skipping the first ${skip} of each.`);
  return new Map(layers.map((l) => [l, sums.get(l)! / count]));
}
