/**
 * The parts of vector building and validation that have known answers: premise-centred
 * directions, denoising, the balanced grid and its retries, the readout, and the nulls.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { denoisingBasis, finishDirection, premiseCentredDirections, type StoryPoint } from "../src/vectors/compute.js";
import { MAX_ATTEMPTS, pendingCells, planGrid } from "../src/vectors/grid.js";
import { auroc, fisherInterval, permutationTest, wilsonInterval } from "../src/vectors/inference.js";
import { readRow, type ReadoutBasis } from "../src/vectors/readout.js";
import { mulberry32 } from "../src/vectors/stats.js";
import { accuracyResult } from "../src/vectors/validation/accuracy.js";
import { emotionWordPattern, namedEmotionSpans, wordForms } from "../src/vectors/emotionWords.js";
import { choosePromptStyle } from "../src/vectors/promptStyle.js";

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

describe("premise-centred directions", () => {
  // Emotion e adds E[e]; premise p adds P[p] (what the story is about). Stories are their sum.
  const E: Record<string, number[]> = { a: [3, 0, 0, 0], b: [0, 3, 0, 0], c: [0, 0, 3, 0] };
  const P = [
    [0, 0, 0, 9],
    [0, 5, 0, -9],
    [4, 0, 0, 2],
  ];
  const story = (e: string, p: number): StoryPoint => ({ emotion: e, premise: p, mean: Float32Array.from(E[e]!, (x, i) => x + P[p]![i]!) });

  it("on a complete grid equals each emotion's mean minus the mean of all emotion means", () => {
    const points = ["a", "b", "c"].flatMap((e) => [0, 1, 2].map((p) => story(e, p)));
    const d = premiseCentredDirections(points, ["a", "b", "c"], 4);
    assert.deepEqual(Array.from(d.get("a")!), [2, -1, -1, 0]);
  });

  it("cancels premise content even when a cell is missing, where a plain grand-mean difference leaks it", () => {
    const points = ["a", "b", "c"].flatMap((e) => [0, 1, 2].map((p) => story(e, p))).filter((s) => !(s.emotion === "a" && s.premise === 1));
    const d = premiseCentredDirections(points, ["a", "b", "c"], 4);
    // Premise 1 carries -9 on axis 3 and is missing for "a": a grand-mean difference would push a's axis 3 up.
    assert.ok(Math.abs(d.get("a")![3]!) < 1e-12, `premise content leaked: ${d.get("a")![3]}`);
    const meanA = [0, 2].map((p) => story("a", p).mean[3]!).reduce((x, y) => x + y) / 2;
    const grand =
      ["a", "b", "c"]
        .map((e) => points.filter((s) => s.emotion === e).reduce((acc, s) => acc + s.mean[3]!, 0) / points.filter((s) => s.emotion === e).length)
        .reduce((x, y) => x + y) / 3;
    assert.ok(Math.abs(meanA - grand) > 1, "the old formula would have leaked it");
  });

  it("refuses an emotion that shares no premise with another", () => {
    assert.throws(() => premiseCentredDirections([story("a", 0), story("b", 1)], ["a", "b"], 4), { code: "EMPTY_INPUT" });
  });

  it("projects out the neutral set's dominant direction and has unit length", () => {
    const n = 3;
    const rows = [
      [5, 0, 0],
      [-5, 0, 0],
      [0, 0.1, 0],
      [0, -0.1, 0],
      [0, 0, 0.1],
      [0, 0, -0.1],
    ];
    const sum = new Float64Array(n);
    const outerSum = new Float64Array(n * n);
    for (const r of rows)
      for (let i = 0; i < n; i++) {
        sum[i] = sum[i]! + r[i]!;
        for (let j = i; j < n; j++) outerSum[i * n + j] = outerSum[i * n + j]! + r[i]! * r[j]!;
      }
    const basis = denoisingBasis({ count: rows.length, sum, outerSum }, n, 0.5);
    assert.equal(basis.length, 1);
    const v = finishDirection([1, 1, 0], basis, "a");
    assert.ok(Math.abs(v[0]!) < 1e-9);
    assert.ok(Math.abs(norm(v) - 1) < 1e-6);
  });
});

describe("the balanced grid", () => {
  it("writes every emotion for the same premises and holds out the same ones for all", () => {
    const grid = planGrid(["happy", "sad", "calm"], 100, 10, 0.2, 1);
    assert.equal(grid.premises.length, 10);
    assert.equal(new Set(grid.premises.map((p) => p.index)).size, 10);
    assert.deepEqual(grid.premises.filter((p) => p.heldOut).length, 2);
    const jobs = pendingCells(grid, () => ({ tried: 0, accepted: false }));
    assert.equal(jobs.length, 30);
    for (const e of grid.emotions) {
      assert.deepEqual(
        jobs
          .filter((j) => j.emotion === e)
          .map((j) => j.premise.index)
          .sort(),
        grid.premises.map((p) => p.index).sort(),
      );
      assert.deepEqual(
        jobs
          .filter((j) => j.emotion === e && j.premise.heldOut)
          .map((j) => j.premise.index)
          .sort(),
        grid.premises
          .filter((p) => p.heldOut)
          .map((p) => p.index)
          .sort(),
      );
    }
  });

  it("redraws a rejected cell on the same premise with the next attempt, until its attempts are spent", () => {
    const grid = planGrid(["happy", "sad"], 100, 3, 0, 1);
    const target = grid.premises[1]!.index;
    const state = (e: string, p: number) => (e === "sad" && p === target ? { tried: 1, accepted: false } : { tried: 1, accepted: true });
    assert.deepEqual(
      pendingCells(grid, state).map((j) => [j.emotion, j.premise.index, j.attempt]),
      [["sad", target, 1]],
    );
    assert.deepEqual(
      pendingCells(grid, () => ({ tried: MAX_ATTEMPTS, accepted: false })),
      [],
    );
  });

  it("refuses more premises than there are", () => {
    assert.throws(() => planGrid(["a", "b"], 100, 101, 0.2, 1), { message: /only 100/ });
  });
});

describe("emotion words", () => {
  it("covers the word family: inflections, y -> i forms, doubled consonants and listed synonyms", () => {
    assert.ok(wordForms("happy").includes("happiness") && wordForms("happy").includes("happily"));
    assert.ok(wordForms("sad").includes("saddened") && wordForms("sad").includes("saddest"));
    assert.deepEqual(
      namedEmotionSpans("afraid", "She was scared, then fearful; afraidness is not a word.").map((s) => s.word),
      ["scared", "fearful", "afraidness"],
    );
    assert.equal(emotionWordPattern("sad").test("Sadie sat on the saddle."), false);
    assert.deepEqual(
      namedEmotionSpans("at ease", "He felt at  ease.").map((s) => s.word),
      ["at  ease"],
    );
  });
});

describe("prompt style", () => {
  const facts = (name: string, template: string | null, metadata: Record<string, string> = {}) => ({
    name,
    path: `/m/${name}.gguf`,
    chatTemplate: template,
    metadata,
  });
  it("uses the chat template only for models tuned for chat, and says why", () => {
    assert.equal(choosePromptStyle(facts("Gemma 3 270m", null)).style, "base");
    assert.equal(choosePromptStyle(facts("Qwen2.5 0.5B", "{{x}}")).style, "base");
    assert.match(choosePromptStyle(facts("Qwen2.5 0.5B", "{{x}}")).reason, /nothing .* says it was tuned for chat/);
    assert.equal(choosePromptStyle(facts("SmolLM2 135M Instruct", "{{x}}")).style, "chat");
    assert.equal(choosePromptStyle(facts("Smollm2 135M", "{{x}}", { "general.finetune": "8k-lc100k-mix1-ep2" })).style, "chat");
    assert.equal(choosePromptStyle(facts("gemma-3-1b-it", "{{x}}")).style, "chat");
    assert.throws(() => choosePromptStyle(facts("base", null), "chat"), { message: /needs a chat template/ });
  });
});

describe("the single readout", () => {
  it("is z = (h − μ)·v / σ, with the cosine (h − μ)·v / |h − μ| for display", () => {
    const basis: ReadoutBasis = {
      layer: 1,
      emotions: ["a", "b"],
      vectors: [Float32Array.of(1, 0, 0), Float32Array.of(0, 0.6, 0.8)],
      mean: Float32Array.of(1, 1, 1),
      spread: [2, 0.5],
    };
    const [a, b] = readRow(basis, Float32Array.of(9, 1, 4));
    assert.deepEqual([a!.score, a!.z], [8, 4]);
    assert.ok(Math.abs(b!.score - 2.4) < 1e-6 && Math.abs(b!.z - 4.8) < 1e-6);
    assert.ok(Math.abs(a!.cosine - 8 / Math.sqrt(64 + 9)) < 1e-9);
    const [atMean] = readRow(basis, basis.mean);
    assert.equal(atMean!.z, 0, "the neutral mean reads zero");
  });
});

describe("intervals and nulls on data with known answers", () => {
  it("Wilson and Fisher intervals", () => {
    const w = wilsonInterval(8, 10);
    assert.ok(Math.abs(w.low - 0.4902) < 1e-3 && Math.abs(w.high - 0.9433) < 1e-3);
    const [lo, hi] = fisherInterval(0.5, 28)!;
    assert.ok(Math.abs(lo - 0.155) < 2e-3 && Math.abs(hi - 0.737) < 2e-3);
    assert.equal(fisherInterval(0.5, 3), null);
  });

  it("AUROC: perfect, reversed, and ties count half", () => {
    assert.equal(auroc([3, 4], [1, 2]), 1);
    assert.equal(auroc([1, 2], [3, 4]), 0);
    assert.equal(auroc([1], [1]), 0.5);
  });

  it("a perfect classifier gets the smallest p the permutations allow; pure noise does not reach significance", () => {
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const perfect = labels.map((t) => [0, 1, 2].map((j) => (j === t ? 1 : 0)));
    const good = accuracyResult(perfect, labels, 1, null, { permutations: 1000 });
    assert.equal(good.interval.rate, 1);
    assert.ok(Math.abs(good.permutation.p - 1 / 1001) < 1e-12);
    assert.ok(Math.abs(good.permutation.nullMean - 1 / 3) < 0.05);
    const random = mulberry32(3);
    const noise = labels.map(() => [random(), random(), random()]);
    const bad = accuracyResult(noise, labels, 1, null, { permutations: 1000 });
    assert.ok(bad.permutation.p > 0.05, `noise reached p = ${bad.permutation.p}`);
    assert.equal(bad.chance, 1 / 3);
  });

  it("random-direction draws average near chance, and the permutation test is not fooled by a constant", () => {
    const labels = Array.from({ length: 90 }, (_, i) => i % 3);
    const random = mulberry32(9);
    const draws = Array.from({ length: 200 }, () => labels.map(() => [random(), random(), random()]));
    const result = accuracyResult(draws[0]!, labels, 1, draws);
    assert.ok(Math.abs(result.random!.mean - 1 / 3) < 0.02, `random mean ${result.random!.mean}`);
    const constant = permutationTest(labels, () => 0.5, 200);
    assert.equal(constant.p, 1, "a statistic that ignores the labels is never significant");
  });
});
