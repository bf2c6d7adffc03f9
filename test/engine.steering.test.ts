import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadModel, normScaledSteering, type Model } from "../src/index.js";
import { STORIES, maxAbsDiff, requireModel, TEST_THREADS } from "../testing/models.js";

const text = "Once upon a time there was a little girl who loved the sea.";

function seededVector(n: number, seed: number, amplitude: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return ((x / 2 ** 31) * 2 - 1) * amplitude;
  });
}

describe("steering on stories260K", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
  });

  it("moves the steered layer by exactly the vector, leaves earlier layers bit-identical and changes the logits", async () => {
    const layers = [0, 1, 2, 3, 4];
    const vector = seededVector(64, 42, 2);
    const [plain] = await model.forward([text], { layers, logits: true });
    const [steered] = await model.forward([text], { layers, logits: true, steering: [{ layer: 2, vector }] });
    assert.deepEqual(steered!.layers.get(0), plain!.layers.get(0));
    assert.deepEqual(steered!.layers.get(1), plain!.layers.get(1));
    const a = plain!.layers.get(2)!;
    const b = steered!.layers.get(2)!;
    for (let row = 0; row < plain!.positions.length; row++) {
      for (let j = 0; j < 64; j++) assert.ok(Math.abs(b[row * 64 + j]! - a[row * 64 + j]! - vector[j]!) < 1e-5, `row ${row} dim ${j}`);
    }
    assert.ok(maxAbsDiff(plain!.layers.get(3)!, steered!.layers.get(3)!) > 1e-3);
    assert.ok(maxAbsDiff(plain!.logits!, steered!.logits!) > 1e-3);
  });

  it("scales, sums additions on one layer, and applies several layers at once", async () => {
    const v1 = seededVector(64, 1, 1);
    const v2 = seededVector(64, 2, 1);
    const [plain] = await model.forward([text], { layers: [1, 3] });
    const [steered] = await model.forward([text], {
      layers: [1, 3],
      steering: [
        { layer: 1, vector: v1, scale: 0.5 },
        { layer: 1, vector: v2, scale: -2 },
        { layer: 3, vector: v2 },
      ],
    });
    const expected = Float32Array.from(v1, (x, j) => 0.5 * x - 2 * v2[j]!);
    const p = plain!.layers.get(1)!;
    const s = steered!.layers.get(1)!;
    for (let j = 0; j < 64; j++) assert.ok(Math.abs(s[j]! - p[j]! - expected[j]!) < 1e-5);
  });

  it("switches off cleanly: the next unsteered call is bit-identical to one before any steering", async () => {
    const [before] = await model.forward([text], { layers: [4], logits: true });
    await model.forward([text], { layers: [4], steering: [{ layer: 3, vector: seededVector(64, 9, 5) }] });
    const [afterwards] = await model.forward([text], { layers: [4], logits: true });
    assert.deepEqual(afterwards!.layers.get(4), before!.layers.get(4));
    assert.deepEqual(afterwards!.logits, before!.logits);
  });

  it("keeps concurrent callers with different steering apart (one context each)", async () => {
    const vector = seededVector(64, 5, 4);
    const alone = await model.generate({ prompt: "Once upon a time", maxTokens: 24, seed: 21, temperature: 0 }).result;
    const [steered, unsteered] = await Promise.all([
      model.generate({ prompt: "Once upon a time", maxTokens: 24, seed: 21, temperature: 0, steering: [{ layer: 2, vector }] }).result,
      model.generate({ prompt: "Once upon a time", maxTokens: 24, seed: 21, temperature: 0 }).result,
    ]);
    assert.deepEqual(unsteered.tokens, alone.tokens);
    assert.notDeepEqual(steered.tokens, alone.tokens);
  });

  it("generateBatch runs different steering conditions in their own contexts", async () => {
    const vector = seededVector(64, 6, 4);
    const base = { prompt: "The cat", maxTokens: 16, seed: 4, temperature: 0 };
    const [plain, steered] = await model.generateBatch([base, { ...base, steering: [{ layer: 3, vector }] }]);
    assert.deepEqual(plain!.tokens, (await model.generate(base).result).tokens);
    assert.deepEqual(steered!.tokens, (await model.generate({ ...base, steering: [{ layer: 3, vector }] }).result).tokens);
    assert.notDeepEqual(plain!.tokens, steered!.tokens);
  });

  it("steerFrom generation reads the prompt unsteered and steers from its last token on", async () => {
    const vector = seededVector(64, 8, 6);
    const prompt = model.tokenize("One day, a boy");
    const result = await model.generate({
      prompt,
      maxTokens: 10,
      seed: 2,
      temperature: 0,
      steering: [{ layer: 2, vector }],
      steerFrom: "generation",
      captureLayers: [2],
    }).result;
    // The generated tokens' layer-2 states are the unsteered ones plus the vector.
    const events: Float32Array[] = [];
    await model.generate({
      prompt,
      maxTokens: 10,
      seed: 2,
      temperature: 0,
      steering: [{ layer: 2, vector }],
      steerFrom: "generation",
      captureLayers: [2],
      onToken: (e) => events.push(e.activations!.get(2)!),
    }).result;
    const [unsteered] = await model.forward([Int32Array.from([...prompt, ...result.tokens])], { layers: [2] });
    events.forEach((activation, i) => {
      const row = prompt.length + i;
      const base = unsteered!.layers.get(2)!.subarray(row * 64, (row + 1) * 64);
      for (let j = 0; j < 64; j++) assert.ok(Math.abs(activation[j]! - base[j]! - vector[j]!) < 1e-3);
    });
    const fromPrompt = await model.generate({ prompt, maxTokens: 10, seed: 2, temperature: 0, steering: [{ layer: 2, vector }] }).result;
    assert.ok(result.tokens.length > 0 && fromPrompt.tokens.length > 0);
  });

  it("changes steering between steps of a running generation", async () => {
    const vector = seededVector(64, 10, 5);
    const prompt = model.tokenize("Once upon a time");
    const activations: Float32Array[] = [];
    const generation = model.generate({
      prompt,
      maxTokens: 12,
      seed: 8,
      temperature: 0,
      captureLayers: [3],
      onToken: (e) => {
        activations.push(e.activations!.get(3)!);
        if (e.index === 4) generation.setSteering([{ layer: 3, vector }]);
      },
    });
    const result = await generation.result;
    const [unsteered] = await model.forward([Int32Array.from([...prompt, ...result.tokens])], { layers: [3] });
    activations.forEach((activation, i) => {
      const row = prompt.length + i;
      const base = unsteered!.layers.get(3)!.subarray(row * 64, (row + 1) * 64);
      const shift = i <= 4 ? 0 : 1;
      for (let j = 0; j < 64; j++) assert.ok(Math.abs(activation[j]! - base[j]! - shift * vector[j]!) < 1e-3, `token ${i}`);
    });
  });

  it("halts at the token where the caller asks", async () => {
    const result = await model.generate({
      prompt: "Once upon a time",
      maxTokens: 30,
      seed: 1,
      onToken: (e, control) => e.index === 6 && control.halt("test rule"),
    }).result;
    assert.equal(result.finishReason, "halt");
    assert.equal(result.haltReason, "test rule");
    assert.equal(result.tokens.length, 7);
  });

  it("builds the paper's unit: strength x mean residual norm x unit direction", () => {
    const direction = Float32Array.from({ length: 64 }, (_, i) => (i === 0 ? 3 : i === 1 ? 4 : 0));
    const addition = normScaledSteering(2, direction, 0.1, 50);
    const applied = Float32Array.from(addition.vector, (x) => x * addition.scale!);
    assert.ok(Math.abs(Math.hypot(...applied) - 5) < 1e-6);
    assert.ok(Math.abs(applied[0]! - 3) < 1e-6);
  });
});
