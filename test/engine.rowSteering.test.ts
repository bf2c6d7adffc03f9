import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadModel, type Model, type Steering } from "../src/index.js";
import { STORIES, maxAbsDiff, requireModel, TEST_THREADS } from "../testing/models.js";

function seededVector(n: number, seed: number, amplitude: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return ((x / 2 ** 31) * 2 - 1) * amplitude;
  });
}

const texts = ["Once upon a time there was a little girl.", "The dog ran to the park and saw a big tree with", "Lily and Ben wanted to play"];

describe("per-sequence (row) steering on stories260K", () => {
  let model: Model;
  // Layer 4 is the last block, whose rows llama.cpp cuts to the output tokens: that path is covered too.
  const steerA: Steering = [{ layer: 2, vector: seededVector(64, 7, 1.5) }];
  const steerB: Steering = [
    { layer: 1, vector: seededVector(64, 11, 1) },
    { layer: 4, vector: seededVector(64, 13, 2) },
  ];
  const layers = [1, 2, 3, 4];

  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
  });

  for (const positions of ["all", "last"] as const) {
    it(`gives each row of one batch exactly its own steering (positions "${positions}")`, async () => {
      const batch = await model.forward(texts, { layers, logits: true, positions, sequenceSteering: [steerA, steerB, null] });
      const alone = [
        (await model.forward([texts[0]!], { layers, logits: true, positions, steering: steerA }))[0]!,
        (await model.forward([texts[1]!], { layers, logits: true, positions, steering: steerB }))[0]!,
        (await model.forward([texts[2]!], { layers, logits: true, positions }))[0]!,
      ];
      for (let i = 0; i < texts.length; i++) {
        assert.ok(maxAbsDiff(batch[i]!.logits!, alone[i]!.logits!) < 1e-4, `row ${i} logits`);
        for (const layer of layers) assert.ok(maxAbsDiff(batch[i]!.layers.get(layer)!, alone[i]!.layers.get(layer)!) < 1e-4, `row ${i} layer ${layer}`);
      }
      // The steered rows really moved: against the unsteered run they differ.
      const plain = await model.forward(texts.slice(0, 2), { layers, logits: true, positions });
      assert.ok(maxAbsDiff(batch[0]!.logits!, plain[0]!.logits!) > 1e-3);
      assert.ok(maxAbsDiff(batch[1]!.layers.get(4)!, plain[1]!.layers.get(4)!) > 1e-3);
      // Row A is steered at layer 2 only: its layer 1 is the plain one.
      assert.ok(maxAbsDiff(batch[0]!.layers.get(1)!, plain[0]!.layers.get(1)!) < 1e-5);
    });
  }

  it("adds a row's own steering on top of shared steering, and leaves no steering behind in the pooled context", async () => {
    const [both] = await model.forward([texts[0]!], { layers, logits: true, steering: steerA, sequenceSteering: [steerB] });
    const [summed] = await model.forward([texts[0]!], { layers, logits: true, steering: [...steerA, ...steerB] });
    assert.ok(maxAbsDiff(both!.logits!, summed!.logits!) < 1e-4);
    const [after] = await model.forward([texts[0]!], { layers, logits: true });
    const [fresh] = await model.forward([texts[0]!], { layers, logits: true, sequenceSteering: [null] });
    assert.deepEqual(after!.logits, fresh!.logits);
    assert.ok(maxAbsDiff(after!.logits!, both!.logits!) > 1e-3);
  });

  it("refuses a sequenceSteering list that does not match the inputs", async () => {
    await assert.rejects(model.forward(texts, { sequenceSteering: [steerA] }), { code: "INVALID_ARGUMENT" });
  });
});
