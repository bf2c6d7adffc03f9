/**
 * Steering on vLLM, position by position. Limbic steers a context from some position on
 * (a change mid-generation affects the tokens after it, never those already read), so a
 * request's steering is a list of segments: from position `from` on, add `buffer` (the flat
 * [n_layer - 1, n_embd] vectors of blocks 1..n_layer-1, as steeringBuffer makes them; null =
 * none). vllm-lens adds absolute vectors (norm_match off, scale 1), broadcast over all
 * positions for a 2-D tensor or at listed positions for a 3-D one; the vector added before a
 * block's output is captured, as in llama.cpp.
 */
import type { LensSteeringVector } from "./client.js";
import { encodeFloat32Tensor } from "./wire.js";

export interface SteeringSegment {
  from: number;
  buffer: Float32Array | null;
}

function layerRow(buffer: Float32Array | null, layer: number, nEmbd: number): Float32Array | null {
  if (!buffer) return null;
  return buffer.subarray((layer - 1) * nEmbd, layer * nEmbd);
}

function isZero(row: ArrayLike<number>): boolean {
  for (let i = 0; i < row.length; i++) if (row[i] !== 0) return false;
  return true;
}

/**
 * The vllm-lens steering list for positions [0, end). The last segment (the one that runs on
 * into generation) becomes a broadcast vector; each earlier segment adds its difference to it
 * at its own positions only, so a request carries one row per position that differs.
 */
export function lensSteering(segments: readonly SteeringSegment[], end: number, nLayer: number, nEmbd: number): LensSteeringVector[] {
  if (segments.length === 0) return [];
  const ordered = [...segments].sort((a, b) => a.from - b.from);
  const base = ordered[ordered.length - 1]!.buffer;
  const out: LensSteeringVector[] = [];
  const layers = Array.from({ length: nLayer - 1 }, (_, i) => i + 1);
  if (base) {
    const steered = layers.filter((l) => !isZero(layerRow(base, l, nEmbd)!));
    if (steered.length) {
      const data = new Float32Array(steered.length * nEmbd);
      steered.forEach((l, k) => data.set(layerRow(base, l, nEmbd)!, k * nEmbd));
      out.push({ activations: encodeFloat32Tensor(data, [steered.length, nEmbd]), layer_indices: steered, scale: 1, norm_match: false });
    }
  }
  for (let s = 0; s < ordered.length - 1; s++) {
    const from = Math.max(0, ordered[s]!.from);
    const to = Math.min(end, ordered[s + 1]!.from);
    if (to <= from) continue;
    const rows = new Map<number, Float32Array>();
    for (const layer of layers) {
      const own = layerRow(ordered[s]!.buffer, layer, nEmbd);
      const shared = layerRow(base, layer, nEmbd);
      const difference = new Float32Array(nEmbd);
      for (let j = 0; j < nEmbd; j++) difference[j] = (own?.[j] ?? 0) - (shared?.[j] ?? 0);
      if (!isZero(difference)) rows.set(layer, difference);
    }
    if (rows.size === 0) continue;
    const positions = Array.from({ length: to - from }, (_, i) => from + i);
    const corrected = [...rows.keys()];
    const data = new Float32Array(corrected.length * positions.length * nEmbd);
    corrected.forEach((layer, k) => {
      const row = rows.get(layer)!;
      for (let p = 0; p < positions.length; p++) data.set(row, (k * positions.length + p) * nEmbd);
    });
    out.push({
      activations: encodeFloat32Tensor(data, [corrected.length, positions.length, nEmbd]),
      layer_indices: corrected,
      scale: 1,
      norm_match: false,
      position_indices: positions,
    });
  }
  return out;
}
