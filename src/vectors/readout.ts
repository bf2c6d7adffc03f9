/**
 * The one emotion readout every part of Limbic uses (extraction checks, validation, intensity
 * templates, traces, the guard, the server, the dashboard):
 *
 *   score = (h − μ_L) · v_L      μ_L: the neutral set's mean activation at layer L
 *   z     = score / σ            σ: the spread of the score over neutral tokens (its neutral mean is 0 by construction)
 *
 * A cosine, score / ‖h − μ_L‖, is offered for display only; it is computed here, never elsewhere.
 */

export interface ReadoutBasis {
  layer: number;
  emotions: readonly string[];
  /** Unit vectors, one per emotion. */
  vectors: readonly Float32Array[];
  /** μ_L. */
  mean: Float32Array;
  /** σ per emotion. */
  spread: readonly number[];
}

export interface Readout {
  score: number;
  z: number;
  /** Display only: score / ‖h − μ‖. */
  cosine: number;
}

/** Reads one activation row (`row[offset .. offset + n)`) for every emotion of the basis. */
export function readRow(basis: ReadoutBasis, row: ArrayLike<number>, offset = 0): Readout[] {
  const mu = basis.mean;
  const n = mu.length;
  const centred = new Float64Array(n);
  let sq = 0;
  for (let j = 0; j < n; j++) {
    const x = row[offset + j]! - mu[j]!;
    centred[j] = x;
    sq += x * x;
  }
  const norm = Math.sqrt(sq) || 1;
  return basis.vectors.map((v, i) => {
    let score = 0;
    for (let j = 0; j < n; j++) score += centred[j]! * v[j]!;
    const spread = basis.spread[i]!;
    return { score, z: spread > 0 ? score / spread : 0, cosine: score / norm };
  });
}

/** z for every emotion, the form classification and guards use. */
export function readZ(basis: ReadoutBasis, row: ArrayLike<number>, offset = 0): number[] {
  return readRow(basis, row, offset).map((r) => r.z);
}
