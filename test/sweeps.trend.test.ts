/**
 * The trend test across steering strengths, checked against values computed independently in
 * Python (statsmodels 0.15, scipy 1.17). The reference script, for reproduction:
 *
 *   import numpy as np, statsmodels.api as sm
 *   from scipy import stats, optimize
 *   def ml(x, n, y):  # grouped binomial GLM: slope, se, Wald 95% CI; score test of slope 0 from the null fit
 *       X = sm.add_constant(np.array(x, float)); endog = np.column_stack([y, np.array(n) - np.array(y)])
 *       res = sm.GLM(endog, X, family=sm.families.Binomial()).fit(tol=1e-14)
 *       null = sm.GLM(endog, np.ones((len(x), 1)), family=sm.families.Binomial()).fit()
 *       return res.params[1], res.bse[1], res.conf_int(0.05)[1], null.score_test(exog_extra=np.array(x, float)[:, None])
 *   def firth(x, n, y):  # penalized log-likelihood maximized by a generic optimizer (not Newton), profile bounds by brentq
 *       x, n, y = (np.array(v, float) for v in (x, n, y))
 *       def pl(b):
 *           eta = b[0] + b[1] * x; p = 1 / (1 + np.exp(-eta)); w = n * p * (1 - p)
 *           I = np.array([[w.sum(), (w * x).sum()], [(w * x).sum(), (w * x * x).sum()]])
 *           v = (y * eta - n * np.logaddexp(0, eta)).sum() + 0.5 * np.log(np.linalg.det(I)); return v if np.isfinite(v) else -1e300
 *       best = optimize.minimize(lambda b: -pl(b), [0, 0], method="Nelder-Mead", options=dict(xatol=1e-12, fatol=1e-14, maxiter=20000))
 *       best = optimize.minimize(lambda b: -pl(b), best.x, method="BFGS", options=dict(gtol=1e-10)); top = pl(best.x)
 *       prof = lambda b1: 2 * (top + optimize.minimize_scalar(lambda b0: -pl([b0, b1]), bracket=(best.x[0] - 1, best.x[0] + 1), tol=1e-12).fun) - stats.chi2.ppf(0.95, 1)
 *       return best.x[1], optimize.brentq(prof, best.x[1] - 300, best.x[1], xtol=1e-12), optimize.brentq(prof, best.x[1], best.x[1] + 300, xtol=1e-12)
 *   def ca(x, n, y):  # Cochran–Armitage with the strengths as scores
 *       x, n, y = (np.array(v, float) for v in (x, n, y)); N = n.sum(); p = y.sum() / N; xb = (n * x).sum() / N
 *       z = (y * (x - xb)).sum() / np.sqrt(p * (1 - p) * (n * (x - xb) ** 2).sum()); return z, 2 * stats.norm.sf(abs(z))
 *   stats.t.ppf(0.975, df); 2 * stats.norm.sf(z)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError } from "../src/errors.js";
import { normalTwoSidedP, studentTQuantile } from "../src/sweeps/distributions.js";
import { summarizeRun } from "../src/sweeps/results.js";
import type { RolloutRecord, RunRecord } from "../src/sweeps/runStore.js";
import { trendTest, type StrengthCount } from "../src/sweeps/trend.js";

const counts = (strengths: number[], n: number[], hits: number[]): StrengthCount[] => strengths.map((strength, i) => ({ strength, n: n[i]!, hits: hits[i]! }));
const close = (actual: number | null, expected: number, relative: number, what: string) => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
};

describe("reference distributions", () => {
  it("Student's t 97.5% quantiles match scipy", () => {
    const reference: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837078],
      [5, 2.5705818356363146],
      [10, 2.228138851986274],
      [29, 2.045229642132703],
      [100, 1.9839715185235518],
    ];
    for (const [df, t] of reference) close(studentTQuantile(0.975, df), t, 1e-11, `t(${df})`);
    assert.equal(studentTQuantile(0.025, 4), -studentTQuantile(0.975, 4));
    assert.throws(() => studentTQuantile(1, 3), RangeError);
  });
  it("two-sided normal p-values match scipy, far into the tail", () => {
    const reference: [number, number][] = [
      [0, 1],
      [0.5, 0.6170750774519738],
      [1.959963984540054, 0.05],
      [2.6, 0.009322376047437493],
      [3.5, 0.00046525815807105003],
      [6, 1.973175290075389e-9],
      [9, 2.2571768119076647e-19],
    ];
    for (const [z, p] of reference) {
      assert.ok(Math.abs(normalTwoSidedP(z) - p) <= 1e-12 * p, `p(${z}): ${normalTwoSidedP(z)} vs ${p}`);
      assert.equal(normalTwoSidedP(-z), normalTwoSidedP(z));
    }
  });
});

describe("trend across strengths", () => {
  it("a rising rate: ML slope, Wald interval and Cochran–Armitage match statsmodels", () => {
    const t = trendTest("desperate", counts([-0.1, -0.05, 0, 0.05, 0.1], [30, 30, 30, 30, 30], [2, 4, 7, 12, 18]));
    assert.equal(t.method, "ml-wald");
    assert.equal(t.note, null);
    close(t.slope, 15.245816058663037, 1e-9, "slope");
    close(t.slope_se, 3.2350830755631605, 1e-9, "se");
    close(t.ci_low, 8.905169743564173, 1e-9, "low");
    close(t.ci_high, 21.5864623737619, 1e-9, "high");
    close(t.ca_z, 5.1069841077498355, 1e-12, "z");
    // The score test's chi-square from statsmodels is z squared: 26.08128668.
    close(t.ca_z! ** 2, 26.08128668, 1e-8, "z^2");
    assert.ok(Math.abs(t.ca_p! - 3.273412673763862e-7) < 1e-15);
    assert.deepEqual([t.n, t.hits, t.strengths], [150, 43, [-0.1, -0.05, 0, 0.05, 0.1]]);
  });

  it("a falling rate with unequal n gets a negative slope and z", () => {
    const t = trendTest("calm", counts([-0.1, 0, 0.1], [20, 40, 20], [9, 10, 2]));
    close(t.slope, -9.719411563009675, 1e-9, "slope");
    close(t.ci_low, -17.565953450001864, 1e-8, "low");
    close(t.ci_high, -1.8728696760174888, 1e-8, "high");
    close(t.ca_z, -2.5154887429323165, 1e-12, "z");
    close(t.ca_p, 0.01188674732216722, 1e-12, "p");
  });

  it("no trend: slope 0 with an interval around it, z 0, p 1", () => {
    const t = trendTest("desperate", counts([-0.1, -0.05, 0, 0.05, 0.1], [30, 30, 30, 30, 30], [6, 5, 6, 5, 6]));
    assert.equal(t.method, "ml-wald");
    assert.ok(Math.abs(t.slope!) < 1e-9);
    close(t.ci_low, -5.808309999727492, 1e-9, "low");
    close(t.ci_high, 5.808309999727487, 1e-9, "high");
    assert.ok(Math.abs(t.ca_z!) < 1e-12);
    close(t.ca_p, 1, 1e-12, "p");
  });

  it("hits only at the top strength (quasi-complete separation): Firth's slope and profile interval", () => {
    const t = trendTest("desperate", counts([-0.1, 0, 0.1], [10, 10, 10], [0, 0, 4]));
    assert.equal(t.method, "firth-profile");
    assert.match(t.note!, /separate hits from misses/);
    close(t.slope, 25.105858055998706, 1e-6, "slope");
    close(t.ci_low, 5.103620364127683, 1e-6, "low");
    close(t.ci_high, 74.06605580584531, 1e-6, "high");
    close(t.ca_z, 2.6311740579210876, 1e-12, "z");
    close(t.ca_p, 0.008509044404861301, 1e-12, "p");
  });

  it("complete separation (all misses below 0, all hits above): finite Firth slope and bounds", () => {
    const t = trendTest("desperate", counts([-0.1, -0.05, 0.05, 0.1], [8, 8, 8, 8], [0, 0, 8, 8]));
    assert.equal(t.method, "firth-profile");
    close(t.slope, 55.948106853566294, 1e-6, "slope");
    close(t.ci_low, 28.23943663963994, 1e-6, "low");
    close(t.ci_high, 112.67684818208653, 1e-6, "high");
    close(t.ca_z, 5.366563145999495, 1e-12, "z");
    // The reverse direction mirrors it.
    const reversed = trendTest("calm", counts([-0.1, -0.05, 0.05, 0.1], [8, 8, 8, 8], [8, 8, 0, 0]));
    close(reversed.slope, -55.948106853566294, 1e-6, "reversed slope");
    close(reversed.ci_low, -112.67684818208653, 1e-6, "reversed low");
  });

  it("all misses, all hits, or one strength: not estimable, saying why", () => {
    for (const hits of [
      [0, 0, 0],
      [10, 10, 10],
    ]) {
      const t = trendTest("desperate", counts([-0.1, 0, 0.1], [10, 10, 10], hits));
      assert.equal(t.method, "not-estimable");
      assert.deepEqual([t.slope, t.ci_low, t.ci_high, t.ca_z, t.ca_p], [null, null, null, null, null]);
      assert.match(t.note!, hits[0] === 0 ? /every one of the 30 rollouts was a miss/ : /was a hit/);
    }
    assert.match(trendTest("random", counts([0.1], [10], [3])).note!, /one strength only/);
    assert.match(trendTest("random", []).note!, /no strength/);
  });

  it("merges counts given twice at one strength and refuses impossible counts", () => {
    const split = trendTest("d", [...counts([-0.1, 0.1], [20, 20], [3, 9]), { strength: 0.1, n: 10, hits: 9 }]);
    const merged = trendTest("d", counts([-0.1, 0.1], [20, 30], [3, 18]));
    assert.deepEqual(split, merged);
    assert.throws(
      () => trendTest("d", counts([0, 0.1], [5, 5], [6, 1])),
      (e: unknown) => e instanceof InvalidInputError && /0 <= hits <= n/.test(e.message),
    );
    assert.throws(() => trendTest("d", counts([NaN, 0.1], [5, 5], [1, 1])), InvalidInputError);
  });
});

describe("trends in the sweep results", () => {
  const run: RunRecord = {
    id: "r",
    scenario: "impossible-code",
    scenarioVersion: "1",
    modelName: "m",
    modelSha256: "x",
    vectorSet: "v",
    steerEmotion: "desperate",
    layer: 2,
    strengths: [-0.1, 0, 0.1],
    samples: 10,
    seed: 1,
    params: {},
    randomControl: true,
    createdAt: "",
    status: "done",
  };
  const rollout = (vector: RolloutRecord["vector"], strength: number, sample: number, target: boolean): RolloutRecord => ({
    runId: "r",
    vector,
    strength,
    sample,
    seed: sample,
    outcome: target ? "cheat" : "fail",
    target,
    verdict: {},
    judge: null,
    messages: [],
    turns: [],
    generatedTokens: 1,
    wallMs: 1,
  });
  // desperate: 0/10, 0/10 (unsteered), 4/10; random: 1/10, 0/10 (the same unsteered), 1/10.
  const rollouts = [
    ...Array.from({ length: 10 }, (_, i) => rollout("unsteered", 0, i, false)),
    ...Array.from({ length: 10 }, (_, i) => rollout("emotion", -0.1, i, false)),
    ...Array.from({ length: 10 }, (_, i) => rollout("emotion", 0.1, i, i < 4)),
    ...Array.from({ length: 10 }, (_, i) => rollout("random", -0.1, i, i === 0)),
    ...Array.from({ length: 10 }, (_, i) => rollout("random", 0.1, i, i === 0)),
  ];
  it("gives one trend per series, the unsteered rollouts counted in both", () => {
    const { trends } = summarizeRun(run, rollouts);
    assert.deepEqual(
      trends.map((t) => t.vector),
      ["desperate", "random"],
    );
    assert.deepEqual(trends[0], trendTest("desperate", counts([-0.1, 0, 0.1], [10, 10, 10], [0, 0, 4])));
    const random = trends[1]!;
    assert.deepEqual([random.n, random.hits, random.strengths], [30, 2, [-0.1, 0, 0.1]]);
    assert.equal(random.method, "ml-wald");
    assert.ok(Math.abs(random.ca_z!) < 1e-12, "symmetric hits around 0: no trend");
  });
});
