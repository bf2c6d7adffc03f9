import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadModel, type Model } from "../src/index.js";
import { GEMMA, findModel, maxAbsDiff, TEST_THREADS } from "../testing/models.js";

const gemmaPath = findModel(GEMMA);
const texts = ["The harbour lights came on one by one as the ferry pulled in.", "Add two cups of flour and stir slowly.", "He checked the test output again."];

describe("Gemma 3 270M (Q4_K_M)", { skip: gemmaPath ? false : `${GEMMA} not found in LIMBIC_TEST_MODELS; run "npm run fetch-models" to fetch it` }, () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: gemmaPath!, threads: TEST_THREADS });
  });
  after(async () => {
    await model?.dispose();
  });

  it("loads with its real shape", () => {
    assert.equal(model.info.architecture, "gemma3");
    assert.equal(model.info.nLayer, 18);
    assert.equal(model.info.nEmbd, 640);
    assert.equal(model.info.nVocab, 262144);
    assert.equal(model.info.sha256, "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818");
  });

  it("steering moves the steered layer by the vector, leaves earlier layers bit-identical, changes logits", async () => {
    const layer = 12;
    const vector = Float32Array.from({ length: 640 }, (_, j) => Math.sin(j * 0.7) * 50);
    const [plain] = await model.forward([texts[0]!], { layers: [6, layer], logits: true, positions: { start: 1 } });
    const [steered] = await model.forward([texts[0]!], { layers: [6, layer], logits: true, positions: { start: 1 }, steering: [{ layer, vector }] });
    assert.deepEqual(steered!.layers.get(6), plain!.layers.get(6));
    const a = plain!.layers.get(layer)!;
    const b = steered!.layers.get(layer)!;
    // Residual values here reach ~1e4, so float32 rounding of h + v is ~1e-3 in absolute terms.
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(b[i]! - a[i]! - vector[i % 640]!) <= 1e-6 * Math.abs(a[i]!) + 1e-4, `element ${i}`);
    assert.ok(maxAbsDiff(plain!.logits!, steered!.logits!) > 1e-2);
  });

  it("capture leaves generation unchanged", async () => {
    const options = { prompt: "The recipe for bread is", maxTokens: 12, seed: 99 };
    const plain = await model.generate(options).result;
    const captured = await model.generate({ ...options, captureLayers: [4, 12] }).result;
    assert.deepEqual(captured.tokens, plain.tokens);
  });

  it("batched and alone agree exactly with weight repacking off", async () => {
    const exact = await loadModel({ model: gemmaPath!, threads: TEST_THREADS, weightRepacking: false });
    try {
      const layers = [3, 12, 17];
      const batched = await exact.forward(texts, { layers });
      for (let s = 0; s < texts.length; s++) {
        const [alone] = await exact.forward([texts[s]!], { layers });
        for (const layer of layers) assert.equal(maxAbsDiff(batched[s]!.layers.get(layer)!, alone!.layers.get(layer)!), 0, `sequence ${s} layer ${layer}`);
      }
    } finally {
      await exact.dispose();
    }
  });
});
