/** The iterative leading-eigenpair path of topEigenvectors agrees with the dense decomposition. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { accumulateOuter } from "../src/vectors/compute.js";
import { DENSE_EIGEN_MAX_WIDTH, mulberry32, topEigenvectors } from "../src/vectors/stats.js";

/** A covariance like a residual stream's: a few heavy directions over a decaying spectrum. */
function residualLikeCovariance(n: number, rows: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const x = new Float32Array(rows * n);
  for (let t = 0; t < rows; t++) for (let j = 0; j < n; j++) x[t * n + j] = (random() - 0.5) * (j % 97 === 3 ? 30 : 1 / Math.sqrt(1 + j / 40));
  const outer = new Float64Array(n * n);
  const sum = new Float64Array(n);
  accumulateOuter(outer, sum, x, rows, n);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const v = outer[i * n + j]! / rows - (sum[i]! / rows) * (sum[j]! / rows);
      c[i * n + j] = v;
      c[j * n + i] = v;
    }
  return c;
}

describe("topEigenvectors on wide matrices (subspace iteration)", () => {
  it("returns the dense decomposition's components, count and shares", () => {
    const n = DENSE_EIGEN_MAX_WIDTH + 16;
    const c = residualLikeCovariance(n, 300, 5);
    const fast = topEigenvectors(c, n, 0.5);
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, c[i * n + j]!);
    const dense = new EigenvalueDecomposition(m, { assumeSymmetric: true });
    const order = dense.realEigenvalues.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += c[i * n + i]!;
    let count = 0;
    let total = 0;
    while (total < 0.5 * trace * (1 - 1e-12)) total += order[count++]!.v;
    assert.equal(fast.count, count);
    fast.explained.forEach((share, k) => assert.ok(Math.abs(share - order[k]!.v / trace) < 1e-9, `share ${k}`));
    fast.vectors.forEach((v, k) => {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += v[j]! * dense.eigenvectorMatrix.get(j, order[k]!.i);
      assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-6, `component ${k}: |cos| ${Math.abs(dot)}`);
    });
  });

  it("accumulateOuter's tiles equal a row-by-row sum", () => {
    const n = 130;
    const rows = 9;
    const random = mulberry32(2);
    const x = Float32Array.from({ length: rows * n }, () => random() - 0.5);
    const outer = new Float64Array(n * n);
    const sum = new Float64Array(n);
    accumulateOuter(outer, sum, x, rows, n);
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        let expected = 0;
        for (let t = 0; t < rows; t++) expected += x[t * n + i]! * x[t * n + j]!;
        assert.ok(Math.abs(outer[i * n + j]! - expected) < 1e-9);
      }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(outer[i * n + j], 0, "lower triangle stays empty");
  });
});
