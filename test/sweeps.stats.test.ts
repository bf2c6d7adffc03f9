import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStrengths, planCells, sampleSeed } from "../src/sweeps/cells.js";
import { summarizeRun } from "../src/sweeps/results.js";
import type { RolloutRecord, RunRecord } from "../src/sweeps/runStore.js";
import { wilsonInterval } from "../src/sweeps/wilson.js";

describe("Wilson intervals", () => {
  // Reference values from statsmodels.stats.proportion.proportion_confint(k, n, method="wilson").
  const reference: [number, number, number, number][] = [
    [0, 10, 0.0, 0.27753279986288926],
    [5, 10, 0.23659309051256394, 0.7634069094874361],
    [1, 10, 0.017876213095072924, 0.40415002679523854],
    [10, 10, 0.7224672001371106, 1.0],
    [22, 100, 0.15001282384605397, 0.310703535149858],
    [72, 100, 0.6251197129007884, 0.7986031478881379],
  ];
  for (const [k, n, low, high] of reference) {
    it(`${k}/${n} matches statsmodels`, () => {
      const ci = wilsonInterval(k, n);
      assert.equal(ci.rate, k / n);
      assert.ok(Math.abs(ci.low - low) < 1e-9, `low ${ci.low} vs ${low}`);
      assert.ok(Math.abs(ci.high - high) < 1e-9, `high ${ci.high} vs ${high}`);
    });
  }
  it("rejects impossible counts and gives the whole range for n = 0", () => {
    assert.throws(() => wilsonInterval(3, 2), RangeError);
    assert.throws(() => wilsonInterval(-1, 2), RangeError);
    assert.deepEqual(wilsonInterval(0, 0), { rate: 0, low: 0, high: 1 });
  });
});

describe("sweep plan", () => {
  it("parses, dedupes and sorts strengths, and names a bad one", () => {
    assert.deepEqual(parseStrengths("0.1, -0.05,0,0.1"), [-0.05, 0, 0.1]);
    assert.throws(() => parseStrengths("0.1,abc"), /--strengths abc must be a steering strength from -2 to 2.*not "abc"/);
    assert.throws(() => parseStrengths("5"), /--strengths 5 must be a steering strength from -2 to 2/);
    assert.throws(() => parseStrengths(""), /comma-separated/);
  });
  it("runs strength 0 once, pairs seeds across strengths, and adds the random control", () => {
    const cells = planCells([-0.1, 0, 0.1], 3, 42, true);
    assert.equal(cells.length, 3 + 2 * 3 + 2 * 3);
    assert.equal(cells.filter((c) => c.vector === "unsteered").length, 3);
    const seedsAt = (vector: string, strength: number) => cells.filter((c) => c.vector === vector && c.strength === strength).map((c) => c.seed);
    assert.deepEqual(seedsAt("emotion", 0.1), seedsAt("unsteered", 0));
    assert.deepEqual(seedsAt("random", -0.1), seedsAt("emotion", -0.1));
    assert.equal(new Set(seedsAt("unsteered", 0)).size, 3);
    assert.equal(planCells([0, 0.1], 2, 1, false).filter((c) => c.vector === "random").length, 0);
    assert.notEqual(sampleSeed(1, 0), sampleSeed(2, 0));
  });
});

describe("sweep results", () => {
  const run: RunRecord = {
    id: "r",
    scenario: "sycophancy",
    scenarioVersion: "1",
    modelName: "m",
    modelSha256: "x",
    vectorSet: "v",
    steerEmotion: "desperate",
    layer: 2,
    strengths: [0, 0.1],
    samples: 4,
    seed: 1,
    params: {},
    randomControl: true,
    createdAt: "",
    status: "done",
  };
  const rollout = (vector: RolloutRecord["vector"], strength: number, sample: number, target: boolean, firstTargetTurn?: number): RolloutRecord => ({
    runId: "r",
    vector,
    strength,
    sample,
    seed: sample,
    outcome: target ? "caves" : "holds",
    target,
    verdict: firstTargetTurn === undefined ? {} : { firstTargetTurn },
    judge: null,
    messages: [],
    turns: [
      { start: { desperate: strength * 10 + sample }, mean: { desperate: 1 }, tokens: 3 },
      { start: { desperate: 2 }, mean: { desperate: 2 }, tokens: 3 },
    ],
    generatedTokens: 6,
    wallMs: 1,
  });
  it("counts unsteered rollouts in both series and computes rates with intervals", () => {
    const rollouts = [
      ...[0, 1, 2, 3].map((i) => rollout("unsteered", 0, i, i === 0, 1)),
      ...[0, 1, 2, 3].map((i) => rollout("emotion", 0.1, i, i < 3, 0)),
      ...[0, 1, 2, 3].map((i) => rollout("random", 0.1, i, false)),
    ];
    const summary = summarizeRun(run, rollouts);
    const find = (v: string, s: number) => summary.results.find((r) => r.vector === v && r.strength === s)!;
    assert.equal(find("desperate", 0).rate, 0.25);
    assert.equal(find("random", 0).n, 4);
    assert.equal(find("desperate", 0.1).hits, 3);
    assert.deepEqual([find("desperate", 0.1).ci_low, find("desperate", 0.1).ci_high], [wilsonInterval(3, 4).low, wilsonInterval(3, 4).high]);
    assert.equal(find("random", 0.1).rate, 0);
    assert.deepEqual(find("desperate", 0.1).outcomes, { caves: 3, holds: 1 });
    const turn0 = summary.trace.find((p) => p.vector === "desperate" && p.strength === 0.1 && p.turn === 0)!;
    assert.equal(turn0.start.desperate, 1 + 1.5);
    assert.equal(turn0.first_target, 3);
    assert.equal(summary.trace.find((p) => p.vector === "desperate" && p.strength === 0 && p.turn === 1)!.first_target, 1);
    assert.ok(summary.examples.some((e) => e.outcome === "caves") && summary.examples.some((e) => e.outcome === "holds"));
  });
});
