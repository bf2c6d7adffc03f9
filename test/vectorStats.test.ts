import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chartBlock, escapeHtml, htmlPage } from "../src/report/html.js";
import { renderValidationReport, type ValidationReport } from "../src/report/validationReport.js";
import {
  averageRanks,
  centeredCosine,
  confusionMatrix,
  cosine,
  kmeans,
  pcaOfRows,
  pearson,
  randomUnitVectors,
  similarityOrder,
  spearman,
  topEigenvectors,
  topKAccuracy,
  valenceRatings,
} from "../src/vectors/stats.js";

const close = (actual: number, expected: number, eps = 1e-9, msg?: string): void =>
  assert.ok(Math.abs(actual - expected) <= eps, msg ?? `expected ${expected}, got ${actual}`);

function diagonal(values: number[]): Float64Array {
  const n = values.length;
  const m = new Float64Array(n * n);
  values.forEach((v, i) => (m[i * n + i] = v));
  return m;
}

describe("similarity", () => {
  it("computes cosine of known vectors", () => {
    close(cosine([1, 0], [0, 1]), 0);
    close(cosine([1, 2, 3], [2, 4, 6]), 1);
    close(cosine(Float32Array.from([1, 1]), [1, 0]), Math.SQRT1_2, 1e-7);
    close(cosine([1, 0], [-1, 0]), -1);
    assert.equal(cosine([0, 0], [1, 0]), 0);
  });

  it("centers before comparing", () => {
    close(centeredCosine([2, 1], [1, 2], [1, 1]), 0);
    close(centeredCosine([3, 1], [-1, 1], [1, 1]), -1);
  });
});

describe("accuracy", () => {
  const scores = [
    [0.9, 0.1, 0.0],
    [0.2, 0.3, 0.5],
    [0.6, 0.3, 0.1],
  ];
  const truth = [0, 1, 2];

  it("counts top-k hits", () => {
    close(topKAccuracy(scores, truth, 1), 1 / 3);
    close(topKAccuracy(scores, truth, 2), 2 / 3);
    close(topKAccuracy(scores, truth, 3), 1);
  });

  it("does not reward ties with earlier classes", () => {
    close(topKAccuracy([[0.5, 0.5]], [1], 1), 0);
    close(topKAccuracy([[0.5, 0.5]], [0], 1), 1);
  });

  it("builds a confusion matrix with rows = truth", () => {
    assert.deepEqual(confusionMatrix([0, 2, 0, 1], [0, 1, 2, 1], 3), [
      [1, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
    ]);
  });
});

describe("correlation", () => {
  it("gives Pearson 1 and -1 for linear data", () => {
    close(pearson([1, 2, 3, 4], [3, 5, 7, 9]), 1);
    close(pearson([1, 2, 3, 4], [8, 6, 4, 2]), -1);
    assert.ok(Number.isNaN(pearson([1, 2, 3], [5, 5, 5])));
  });

  it("averages ranks for ties in Spearman", () => {
    assert.deepEqual(averageRanks([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
    close(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]), 1);
    // Ranks x = [1, 2.5, 2.5, 4], y = [1, 2, 3, 4]: Pearson of those is 0.9486833.
    close(spearman([1, 2, 2, 3], [1, 2, 3, 4]), 3 / Math.sqrt(10), 1e-9);
  });
});

describe("pcaOfRows", () => {
  it("finds one component for points along a line", () => {
    const dir = [1, 2, 2, 0, 0, 0].map((v) => v / 3);
    const rows = [-2, -1, 0, 1, 3].map((t) => Float32Array.from(dir.map((d) => 5 + t * d)));
    const { explained, scores, components } = pcaOfRows(rows);
    close(explained[0] ?? 0, 1, 1e-6);
    const pc1 = components[0];
    assert.ok(pc1);
    close(Math.abs(cosine(pc1, dir)), 1, 1e-6);
    // PC1 scores are the centered positions along the line (mean t = 0.2), up to sign.
    const s = scores.map((r) => r[0] ?? NaN);
    close(Math.abs(pearson(s, [-2, -1, 0, 1, 3])), 1, 1e-6);
    close(Math.abs(s[4] ?? 0), 2.8, 1e-5);
  });

  it("uses the Gram path for wide rows and agrees with the covariance path", () => {
    const wide = randomUnitVectors(6, 50, 7);
    const narrow = wide.map((r) => r.slice(0, 4));
    const w = pcaOfRows(wide);
    const n = pcaOfRows(narrow);
    close(
      w.explained.reduce((a, b) => a + b, 0),
      1,
      1e-9,
    );
    close(
      n.explained.reduce((a, b) => a + b, 0),
      1,
      1e-9,
    );
    assert.ok(w.explained.length <= 5, "6 centered rows span at most 5 dimensions");
    for (let i = 1; i < w.explained.length; i++) assert.ok((w.explained[i - 1] ?? 0) >= (w.explained[i] ?? 0));
    // Scores reproduce the centered data's projection onto the returned unit component.
    const c = w.components[0];
    assert.ok(c);
    close(Math.hypot(...c), 1, 1e-9);
  });
});

describe("topEigenvectors", () => {
  const cov = diagonal([4, 3, 2, 1]);

  it("takes the fewest eigenvectors reaching the fraction of the trace", () => {
    const half = topEigenvectors(cov, 4, 0.5);
    assert.equal(half.count, 2);
    assert.equal(half.vectors.length, 2);
    close(half.explained[0] ?? 0, 0.4);
    close(half.explained[1] ?? 0, 0.3);
    close(Math.abs(half.vectors[0]?.[0] ?? 0), 1);
    close(Math.abs(half.vectors[1]?.[1] ?? 0), 1);
    assert.equal(topEigenvectors(cov, 4, 0.4).count, 1);
    assert.equal(topEigenvectors(cov, 4, 0.7).count, 2);
    assert.equal(topEigenvectors(cov, 4, 1).count, 4);
    assert.equal(topEigenvectors(cov, 4, 0).count, 0);
  });

  it("handles a non-diagonal symmetric matrix", () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1; the top eigenvector is (1,1)/√2.
    const r = topEigenvectors(Float64Array.from([2, 1, 1, 2]), 2, 0.5);
    assert.equal(r.count, 1);
    close(r.explained[0] ?? 0, 0.75);
    close(Math.abs(cosine(r.vectors[0] ?? [], [1, 1])), 1, 1e-9);
  });
});

describe("clustering and ordering", () => {
  const blobs = [...randomUnitVectors(10, 3, 1).map((v) => v.map((x) => x * 0.1)), ...randomUnitVectors(10, 3, 2).map((v) => v.map((x) => 10 + x * 0.1))];

  it("separates two obvious blobs with k-means, deterministically", () => {
    const labels = kmeans(blobs, 2, 42);
    assert.equal(new Set(labels.slice(0, 10)).size, 1);
    assert.equal(new Set(labels.slice(10)).size, 1);
    assert.notEqual(labels[0], labels[10]);
    assert.deepEqual(kmeans(blobs, 2, 42), labels);
  });

  it("orders a similarity matrix so groups are contiguous", () => {
    const group = [0, 1, 0, 1, 0, 1];
    const m = group.map((a, i) => group.map((b, j) => (i === j ? 1 : a === b ? 0.8 : -0.5)));
    const order = similarityOrder(m);
    assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4, 5]);
    const seq = order.map((i) => group[i]);
    const switches = seq.filter((g, i) => i > 0 && g !== seq[i - 1]).length;
    assert.equal(switches, 1);
    assert.deepEqual(similarityOrder(m), order);
  });
});

describe("randomUnitVectors", () => {
  it("returns unit vectors, the same for a seed and different across seeds", () => {
    const a = randomUnitVectors(5, 64, 123);
    assert.equal(a.length, 5);
    for (const v of a) {
      assert.equal(v.length, 64);
      close(Math.hypot(...v), 1, 1e-5);
    }
    assert.deepEqual(randomUnitVectors(5, 64, 123), a);
    assert.notDeepEqual(randomUnitVectors(5, 64, 124), a);
  });
});

describe("valenceRatings", () => {
  it("covers rated words only", () => {
    const r = valenceRatings(["happy", "sad", "zzz", "at ease"]);
    assert.ok((r.get("happy") ?? 0) > 0);
    assert.ok((r.get("sad") ?? 0) < 0);
    assert.equal(r.has("zzz"), false);
    assert.equal(r.has("at ease"), false);
  });
});

describe("html report", () => {
  it("escapes HTML and keeps chart configs from closing the script", () => {
    assert.equal(escapeHtml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    const block = chartBlock("c1", { type: "bar", data: { labels: ["</script><b>"] } });
    assert.ok(block.includes("<canvas"));
    assert.equal(block.includes("</script><b>"), false);
    const page = htmlPage("t", block);
    assert.ok(page.includes("Chart.js v4"), "chart.js bundle inlined");
    assert.equal(htmlPage("t", "<p>no charts</p>").includes("Chart.js v4"), false);
  });

  it("renders a validation report: every headline number beside its interval, null and random control", () => {
    const emotions = ["happy", "sad", "calm"];
    const accuracy = (hits: number, n: number, k: number) => ({
      k,
      hits,
      n,
      interval: { rate: hits / n, low: 0.2, high: 0.7 },
      chance: k / 3,
      permutation: { p: 0.0123, permutations: 1000, nullMean: 0.33, null95: 0.5 },
      random: { draws: 20, mean: 0.3111, p95: 0.4 },
    });
    const report: ValidationReport = {
      format: "limbic-validation",
      version: 2,
      model: { name: "tiny-model", sha256: "ab".repeat(32) },
      vector_set: "/sets/x",
      layer: 7,
      readout: "z",
      emotions,
      layerSweep: [
        { layer: 6, training: 0.5, heldOut: 0.4 },
        { layer: 7, training: 0.6, heldOut: 0.45 },
      ],
      heldOut: [
        {
          scope: "all",
          emotions,
          stories: 30,
          top1: accuracy(14, 30, 1),
          top5: null,
          confusion: [
            [5, 1, 0],
            [2, 3, 1],
            [0, 0, 6],
          ],
        },
      ],
      confound: { emotionTop1: 0.4567, premiseTop1: 0.1, premiseChance: 0.1, stories: 30, premises: 10 },
      implicit: {
        source: "built-in",
        position: "reply-start",
        emotions,
        n: 9,
        meanZ: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        diagonal: accuracy(6, 9, 1),
      },
      corpus: null,
      geometry: {
        explained: [0.6, 0.3, 0.1],
        coords: [
          [1, 0],
          [-1, 0.2],
          [0.5, -0.3],
        ],
        pc1Orientation: 1,
        valence: [{ norm: "VADER", description: "mean of 10 raters", r: 0.777, interval: [0.1, 0.95], n: 3 }],
        randomValence: { draws: 100, mean: 0.2, p95: 0.55 },
        arousal: null,
        arousalNote: "no arousal norms",
        similarity: {
          order: [0, 2, 1],
          matrix: [
            [1, -0.5, 0.3],
            [-0.5, 1, 0.1],
            [0.3, 0.1, 1],
          ],
        },
        clusters: { k: 2, labels: [0, 1, 0] },
      },
      sentiment: { positives: 48, negatives: 48, axes: [{ name: "happy − sad (z)", auroc: 0.812 }], probe: { auroc: 0.93, train: 48, test: 48 } },
      intensity: [
        {
          id: "painkiller-dose",
          description: "dose & danger",
          values: [500, 1000, 4000],
          readouts: { afraid: [0.1, 0.2, 0.4], calm: [0.3, 0.2, 0.1] },
          spearman: { afraid: { rho: 1, interval: [0.5, 1] }, calm: { rho: -1, interval: [-1, -0.5] } },
          random: { rho: 0.5, interval: [-1, 1] },
        },
      ],
      logitLens: [{ emotion: "happy", top: ["<b>", " joy"], bottom: ["grief"] }],
    };
    const html = renderValidationReport(report);
    assert.ok(html.startsWith("<!doctype html>"));
    assert.ok(html.includes("<canvas"));
    assert.ok(html.includes("46.7%"), "top-1");
    assert.ok(html.includes("p = 0.012"), "permutation p");
    assert.ok(html.includes("31.1%"), "random directions");
    assert.ok(html.includes("0.78") && html.includes("[0.10, 0.95]"), "valence r with its interval");
    assert.ok(html.includes("0.81") && html.includes("0.93"), "sentiment axis and ceiling");
    assert.ok(html.includes("&lt;b&gt;"), "logit-lens token escaped");
    assert.equal(html.includes("<code><b></code>"), false);
    assert.ok(html.includes("dose &amp; danger"));
    assert.ok(html.includes('title="happy × sad: -0.500"'), "heatmap cell title");
    assert.ok(html.includes("painkiller-dose"));
    assert.ok(html.includes("Layer sweep") && html.includes("Premise confound") && html.includes("Implicit scenarios"));
  });
});
