/**
 * The neutral set (emotionally flat requests and exchanges, rendered as the model sees chats) and
 * what the one readout needs from it: μ_L, the mean activation, and σ, the spread of
 * (h − μ_L)·v per vector. Extraction gets both from its stored moments; an imported or older set
 * gets them here, from a forward pass.
 */
import type { LanguageModel } from "../engine/languageModel.js";
import { NEUTRAL_DIALOGUES, NEUTRAL_PROMPTS } from "./data/prompts.js";

export async function neutralTexts(model: Pick<LanguageModel, "applyChatTemplate">): Promise<string[]> {
  const dialogues = await Promise.all(
    NEUTRAL_DIALOGUES.map(
      async (d) =>
        (
          await model.applyChatTemplate(
            [
              { role: "user", content: d.user },
              { role: "assistant", content: d.assistant },
            ],
            { addGenerationPrompt: false },
          )
        ).text,
    ),
  );
  const requests = await Promise.all(NEUTRAL_PROMPTS.map(async (p) => (await model.applyChatTemplate([{ role: "user", content: p }])).text));
  return [...dialogues, ...requests];
}

export interface NeutralReadoutStats {
  tokens: number;
  /** layer -> μ_L */
  mean: Map<number, Float32Array>;
  /** emotion -> layer -> σ */
  spread: Record<string, Record<string, number>>;
}

/**
 * μ and σ at `layers` for every vector, over the neutral texts' tokens after the first (BOS is
 * an outlier, left out as extraction leaves it out).
 */
export async function measureNeutralReadout(
  model: LanguageModel,
  vectors: Map<string, Map<number, Float32Array>>,
  layers: readonly number[],
): Promise<NeutralReadoutStats> {
  const n = model.info.nEmbd;
  const reads = await model.forward(await neutralTexts(model), { layers, positions: { start: 1 } });
  const mean = new Map<number, Float32Array>();
  const spread: Record<string, Record<string, number>> = Object.fromEntries([...vectors.keys()].map((e) => [e, {}]));
  let tokens = 0;
  for (const layer of layers) {
    const sum = new Float64Array(n);
    const rows: Float32Array[] = [];
    let count = 0;
    for (const read of reads) {
      const data = read.layers.get(layer)!;
      for (let r = 0; r < read.positions.length; r++) {
        const row = data.subarray(r * n, (r + 1) * n);
        for (let j = 0; j < n; j++) sum[j] = sum[j]! + row[j]!;
        rows.push(row);
        count++;
      }
    }
    const mu = Float32Array.from(sum, (x) => x / count);
    mean.set(layer, mu);
    tokens = count;
    for (const [emotion, byLayer] of vectors) {
      const v = byLayer.get(layer);
      if (!v) continue;
      let sq = 0;
      for (const row of rows) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (row[j]! - mu[j]!) * v[j]!;
        sq += s * s;
      }
      spread[emotion]![String(layer)] = Math.sqrt(sq / count);
    }
  }
  return { tokens, mean, spread };
}
