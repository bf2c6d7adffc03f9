/**
 * Steering: vectors added to block outputs. Layer L here is the block whose output
 * receives the vector (llama.cpp `l_out-L`, GGUF `direction.L`, HF hidden_states[L+1]).
 */
import { InvalidInputError } from "../errors.js";
import { checkStrength } from "./strength.js";

export interface SteeringAddition {
  /** Block (0-based) whose output receives the vector; block 0 cannot be steered in llama.cpp. */
  layer: number;
  /** n_embd floats. */
  vector: Float32Array | readonly number[];
  /** Multiplier for `vector`. Defaults to 1. */
  scale?: number;
}

/** A set of additions; additions on the same layer are summed. */
export type Steering = readonly SteeringAddition[];

/**
 * The flat buffer llama_set_adapter_cvec takes: n_embd floats for each of the blocks
 * 1..n_layer-1. Returns null when nothing is steered. Validates everything first.
 */
export function steeringBuffer(steering: Steering | null | undefined, nLayer: number, nEmbd: number): Float32Array | null {
  if (!steering || steering.length === 0) return null;
  if (nLayer < 2) {
    throw new InvalidInputError("LAYER_NOT_STEERABLE", "This model has a single block, and llama.cpp never steers block 0, so it cannot be steered.");
  }
  const buffer = new Float32Array(nEmbd * (nLayer - 1));
  let any = false;
  for (const [i, addition] of steering.entries()) {
    const { layer, vector } = addition;
    const scale = addition.scale ?? 1;
    if (!Number.isInteger(layer) || layer < 0 || layer >= nLayer) {
      throw new InvalidInputError("LAYER_OUT_OF_RANGE", `Steering addition ${i}: layer ${layer} is outside this model's blocks 1..${nLayer - 1}.`, { layer });
    }
    if (layer === 0) {
      throw new InvalidInputError(
        "LAYER_NOT_STEERABLE",
        `Steering addition ${i}: block 0 cannot be steered (llama.cpp's control vectors start at block 1); use layer 1 or later.`,
        { layer },
      );
    }
    if (vector.length !== nEmbd) {
      throw new InvalidInputError("WIDTH_MISMATCH", `Steering addition ${i}: the vector has ${vector.length} values but this model's n_embd is ${nEmbd}.`, {
        layer,
        width: vector.length,
        nEmbd,
      });
    }
    if (!Number.isFinite(scale)) {
      throw new InvalidInputError("NON_FINITE", `Steering addition ${i}: scale ${scale} is not a finite number.`, { layer });
    }
    const offset = (layer - 1) * nEmbd;
    for (let j = 0; j < nEmbd; j++) {
      const value = vector[j]!;
      if (!Number.isFinite(value)) {
        throw new InvalidInputError("NON_FINITE", `Steering addition ${i}: the vector for layer ${layer} has a NaN or Inf at index ${j}.`, { layer, index: j });
      }
      buffer[offset + j] = buffer[offset + j]! + value * scale;
    }
    if (scale !== 0) any = true;
  }
  return any ? buffer : null;
}

/** Euclidean norm of a vector. */
export function vectorNorm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}

/**
 * The paper's unit: add `strength` x (the layer's mean residual norm) x the unit direction.
 * `strength` 0.05 means a push of 5% of a typical residual vector's length; it is checked
 * against MAX_STRENGTH (strength.ts). The result's `scale` is the raw multiplier that unit becomes.
 */
export function normScaledSteering(layer: number, direction: ArrayLike<number>, strength: number, meanResidualNorm: number): SteeringAddition {
  checkStrength(strength);
  const norm = vectorNorm(direction);
  if (!(norm > 0)) throw new InvalidInputError("INVALID_ARGUMENT", `The direction for layer ${layer} has zero length; it cannot be normalised.`, { layer });
  if (!(meanResidualNorm > 0) || !Number.isFinite(meanResidualNorm)) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Mean residual norm ${meanResidualNorm} for layer ${layer} must be a positive number.`, { layer });
  }
  return { layer, vector: Float32Array.from(direction), scale: (strength * meanResidualNorm) / norm };
}
