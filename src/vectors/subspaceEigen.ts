/**
 * Leading eigenpairs of a large symmetric positive semi-definite matrix by block subspace
 * iteration with Rayleigh-Ritz: only the few components that explain a share of the variance
 * are needed (the denoising basis), and a full O(n³) decomposition of a 1536-wide covariance
 * takes about a minute in JavaScript. The block starts from seeded random vectors and iterates
 * until the Ritz values it needs stop changing, so the result is the exact decomposition's to
 * round-off (a test checks this against the dense one).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { mulberry32 } from "./random.js";

/** out[:, c] = A q[:, c] for a row-major n×n A and a block of column vectors. */
function multiplyBlock(a: Float64Array, n: number, block: Float64Array[]): Float64Array[] {
  const out = block.map(() => new Float64Array(n));
  const b = block.length;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let c = 0; c < b; c++) {
      const q = block[c]!;
      let s = 0;
      for (let j = 0; j < n; j++) s += a[row + j]! * q[j]!;
      out[c]![i] = s;
    }
  }
  return out;
}

/** Modified Gram-Schmidt, twice for stability; a column that collapses is replaced by a fresh random one. */
function orthonormalize(block: Float64Array[], random: () => number): Float64Array[] {
  const n = block[0]!.length;
  const out: Float64Array[] = [];
  for (const original of block) {
    let v = Float64Array.from(original);
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (const u of out) {
          let d = 0;
          for (let j = 0; j < n; j++) d += v[j]! * u[j]!;
          for (let j = 0; j < n; j++) v[j] = v[j]! - d * u[j]!;
        }
      }
      let norm = 0;
      for (let j = 0; j < n; j++) norm += v[j]! * v[j]!;
      norm = Math.sqrt(norm);
      if (norm > 1e-10) {
        for (let j = 0; j < n; j++) v[j] = v[j]! / norm;
        break;
      }
      v = Float64Array.from({ length: n }, () => random() - 0.5);
    }
    out.push(v);
  }
  return out;
}

/**
 * Eigenpairs (values descending) of the fewest leading components whose eigenvalues reach
 * `target` (an absolute amount of the trace), or null when `maxComponents` do not reach it.
 */
export function leadingEigenpairs(
  a: Float64Array,
  n: number,
  target: number,
  options: { seed?: number; maxComponents?: number } = {},
): { values: number[]; vectors: Float64Array[] } | null {
  const random = mulberry32(options.seed ?? 12345);
  const maxComponents = Math.min(n, options.maxComponents ?? 256);
  for (let wanted = 8; ; wanted = Math.min(maxComponents, wanted * 2)) {
    const size = Math.min(n, wanted + 8);
    let block = orthonormalize(
      Array.from({ length: size }, () => Float64Array.from({ length: n }, () => random() - 0.5)),
      random,
    );
    let values: number[] = [];
    for (let iteration = 0; iteration < 500; iteration++) {
      const image = multiplyBlock(a, n, block);
      // Rayleigh-Ritz on the current block: B = Qᵀ A Q, rotate Q onto B's eigenvectors.
      const b = new Matrix(size, size);
      for (let r = 0; r < size; r++)
        for (let c = r; c < size; c++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += block[r]![j]! * image[c]![j]!;
          b.set(r, c, s);
          b.set(c, r, s);
        }
      const evd = new EigenvalueDecomposition(b, { assumeSymmetric: true });
      const order = evd.realEigenvalues.map((v, i) => ({ v, i })).sort((x, y) => y.v - x.v || x.i - y.i);
      const ritz = order.map((o) => Math.max(0, o.v));
      const w = evd.eigenvectorMatrix;
      const rotate = (vectors: Float64Array[]) =>
        order.map((o) => {
          const v = new Float64Array(n);
          for (let r = 0; r < size; r++) {
            const coefficient = w.get(r, o.i);
            const src = vectors[r]!;
            for (let j = 0; j < n; j++) v[j] = v[j]! + coefficient * src[j]!;
          }
          return v;
        });
      const ritzVectors = rotate(block);
      const ritzImages = rotate(image);
      // How many components the target needs, by the current Ritz values.
      let count = 0;
      let sum = 0;
      while (count < wanted && sum < target) sum += ritz[count++]!;
      // Converged when every needed pair has a residual ‖A v − λ v‖ below 1e-10 of the largest value.
      const scale = Math.max(ritz[0]!, 1e-300);
      let converged = true;
      for (let k = 0; k < Math.min(count + 1, wanted) && converged; k++) {
        let residual = 0;
        for (let j = 0; j < n; j++) residual += (ritzImages[k]![j]! - ritz[k]! * ritzVectors[k]![j]!) ** 2;
        if (Math.sqrt(residual) > 1e-10 * scale) converged = false;
      }
      values = ritz;
      if (converged) {
        if (sum >= target) return { values: ritz.slice(0, count), vectors: ritzVectors.slice(0, count) };
        break;
      }
      block = orthonormalize(ritzImages, random);
    }
    if (wanted >= maxComponents) return null;
    void values;
  }
}
