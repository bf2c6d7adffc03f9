import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadModel, type Model } from "../src/index.js";
import { STORIES, maxAbsDiff, requireModel, TEST_THREADS } from "../testing/models.js";

const texts = [
  "Once upon a time there was a little girl who loved the sea and the sun.",
  "The dog ran to the park and found a big red ball under a tree.",
  "Tom said hi.",
];

describe("capture on stories260K", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
  });

  it("reports the model's shape and hash", () => {
    assert.equal(model.info.architecture, "llama");
    assert.equal(model.info.nLayer, 5);
    assert.equal(model.info.nEmbd, 64);
    assert.equal(model.info.nVocab, 512);
    assert.equal(model.info.contextLength, 2048);
    assert.equal(model.info.sha256, "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
    assert.equal(model.info.chatTemplate, null);
  });

  it("returns [tokens x n_embd] per layer for all, last and span selections", async () => {
    const [all] = await model.forward([texts[0]!], { layers: [0, 2, 4] });
    const n = all!.tokens.length;
    assert.equal(all!.positions.length, n);
    for (const layer of [0, 2, 4]) assert.equal(all!.layers.get(layer)!.length, n * 64);
    const [last] = await model.forward([texts[0]!], { layers: [2], positions: "last" });
    assert.deepEqual(Array.from(last!.positions), [n - 1]);
    assert.deepEqual(Array.from(last!.layers.get(2)!), Array.from(all!.layers.get(2)!.subarray((n - 1) * 64)));
    const [span] = await model.forward([texts[0]!], { layers: [2], positions: { start: 2, end: 5 } });
    assert.deepEqual(Array.from(span!.layers.get(2)!), Array.from(all!.layers.get(2)!.subarray(2 * 64, 5 * 64)));
  });

  it("gives identical captures for every decode size of two tokens or more", async () => {
    const layers = [0, 2, 4];
    const reference = await model.forward(texts, { layers, logits: true });
    for (const batchTokens of [2, 5, 64]) {
      const other = await model.forward(texts, { layers, logits: true, batchTokens });
      for (let s = 0; s < texts.length; s++) {
        for (const layer of layers)
          assert.equal(maxAbsDiff(reference[s]!.layers.get(layer)!, other[s]!.layers.get(layer)!), 0, `batchTokens ${batchTokens}, layer ${layer}`);
        assert.equal(maxAbsDiff(reference[s]!.logits!, other[s]!.logits!), 0);
      }
    }
  });

  it("matches one-token decodes to 1e-5 with an f32 KV cache (f16 rounding otherwise)", async () => {
    const exact = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS, kvCache: "f32" });
    try {
      const layers = [1, 4];
      const reference = await exact.forward(texts, { layers });
      const single = await exact.forward(texts, { layers, batchTokens: 1 });
      for (let s = 0; s < texts.length; s++) {
        for (const layer of layers) assert.ok(maxAbsDiff(reference[s]!.layers.get(layer)!, single[s]!.layers.get(layer)!) < 1e-5);
      }
    } finally {
      await exact.dispose();
    }
  });

  it("gives the same captures (to 1e-5) for a sequence batched with others and alone", async () => {
    const layers = [1, 3, 4];
    const batched = await model.forward(texts, { layers, logits: true });
    for (let s = 0; s < texts.length; s++) {
      const [alone] = await model.forward([texts[s]!], { layers, logits: true });
      // Bit-identical on most CPUs; some ggml CPU variants round a last bit differently with the batch's row count.
      for (const layer of layers) assert.ok(maxAbsDiff(batched[s]!.layers.get(layer)!, alone!.layers.get(layer)!) < 1e-5, `sequence ${s} layer ${layer}`);
      assert.ok(maxAbsDiff(batched[s]!.logits!, alone!.logits!) < 1e-4, `sequence ${s} logits`);
    }
  });

  it("is deterministic on repeat", async () => {
    const a = await model.forward(texts, { layers: [3] });
    const b = await model.forward(texts, { layers: [3] });
    for (let s = 0; s < texts.length; s++) assert.deepEqual(a[s]!.layers.get(3), b[s]!.layers.get(3));
  });

  it("leaves generation unchanged: same seed, same tokens with and without capture", async () => {
    const options = { prompt: "Once upon a time", maxTokens: 40, seed: 1234, temperature: 0.9 };
    const plain = await model.generate(options).result;
    const captured: number[] = [];
    const withCapture = await model.generate({ ...options, captureLayers: [0, 1, 2, 3, 4], onToken: (e) => captured.push(e.activations!.size) }).result;
    assert.deepEqual(withCapture.tokens, plain.tokens);
    assert.equal(withCapture.text, plain.text);
    assert.equal(captured.length, plain.tokens.length);
    assert.ok(captured.every((n) => n === 5));
  });

  it("hands each generated token the activations a forward pass computes at its position", async () => {
    const layers = [2, 4];
    const events: { index: number; activations: Map<number, Float32Array> }[] = [];
    const prompt = model.tokenize("The little bird");
    const result = await model.generate({
      prompt,
      maxTokens: 12,
      seed: 7,
      captureLayers: layers,
      onToken: (e) => events.push({ index: e.index, activations: e.activations! }),
    }).result;
    const [full] = await model.forward([Int32Array.from([...prompt, ...result.tokens])], { layers });
    for (const e of events) {
      const row = prompt.length + e.index;
      for (const layer of layers) {
        const expected = full!.layers.get(layer)!.subarray(row * 64, (row + 1) * 64);
        assert.ok(maxAbsDiff(e.activations.get(layer)!, expected) < 1e-3, `token ${e.index} layer ${layer}`);
      }
    }
  });

  it("streams tokens whose texts add up to the result", async () => {
    const generation = model.generate({ prompt: "Lily saw a cat", maxTokens: 20, seed: 3 });
    let streamed = "";
    for await (const event of generation) streamed += event.text;
    const result = await generation.result;
    assert.equal(streamed, result.text);
    assert.equal(result.finishReason, "length");
    assert.equal(result.seed, 3);
  });

  it("generates several sequences in one batch exactly as it generates each alone", async () => {
    const requests = [
      { prompt: "Once upon a time", maxTokens: 16, seed: 11, temperature: 0.8 },
      { prompt: "The big dog", maxTokens: 10, seed: 12, temperature: 0.8 },
      { prompt: "Mom said", maxTokens: 14, seed: 13, temperature: 0 },
    ];
    const batched = await model.generateBatch(requests);
    for (let i = 0; i < requests.length; i++) {
      const alone = await model.generate(requests[i]!).result;
      assert.deepEqual(batched[i]!.tokens, alone.tokens, `request ${i}`);
    }
  });

  it("captures each batched sequence's tokens as when it is generated alone, also after others finish", async () => {
    // Different lengths: once a sequence ends, the batch has gaps in its sequence ids, which
    // llama.cpp's per-sequence KV streams split into several micro-batches.
    const requests = [
      { prompt: "Once upon a time", maxTokens: 16, seed: 21, temperature: 0 },
      { prompt: "The big dog", maxTokens: 6, seed: 22, temperature: 0 },
      { prompt: "Mom said", maxTokens: 11, seed: 23, temperature: 0 },
      { prompt: "Tim had a red ball", maxTokens: 3, seed: 24, temperature: 0 },
    ];
    // Greedy: float noise between KV layouts must not flip a near-tie draw and fork the texts.
    const layersWithLast = [1, 4];
    const collect = () => requests.map(() => [] as Map<number, Float32Array>[]);
    const batchedRows = collect();
    await model.generateBatch(
      requests.map((r, i) => ({ ...r, captureLayers: layersWithLast, onToken: (e) => void (batchedRows[i]![e.index] = e.activations!) })),
    );
    for (let i = 0; i < requests.length; i++) {
      const aloneRows: Map<number, Float32Array>[] = [];
      const alone = await model.generate({ ...requests[i]!, captureLayers: layersWithLast, onToken: (e) => void (aloneRows[e.index] = e.activations!) }).result;
      assert.equal(batchedRows[i]!.length, alone.tokens.length, `request ${i} token count`);
      aloneRows.forEach((row, t) => {
        // Per-sequence KV streams sum attention in another order (differences ~1e-3); a row
        // mapped to the wrong token differs by more than 1.
        for (const layer of layersWithLast)
          assert.ok(maxAbsDiff(batchedRows[i]![t]!.get(layer)!, row.get(layer)!) < 5e-3, `request ${i} token ${t} layer ${layer}`);
      });
    }
  });

  it("stops at stop strings and cuts them from the text", async () => {
    const free = await model.generate({ prompt: "Once upon a time", maxTokens: 40, seed: 5, temperature: 0 }).result;
    const stopWord = free.text.trim().split(/\s+/)[3]!;
    const stopped = await model.generate({ prompt: "Once upon a time", maxTokens: 40, seed: 5, temperature: 0, stop: [stopWord] }).result;
    assert.equal(stopped.finishReason, "stop");
    assert.equal(stopped.text, free.text.slice(0, free.text.indexOf(stopWord)));
  });

  it("computes mean residual norms per layer, growing with depth here", async () => {
    const norms = await model.residualNorms(texts);
    assert.deepEqual([...norms.keys()], [0, 1, 2, 3, 4]);
    const [forward] = await model.forward([texts[0]!], { layers: [3] });
    assert.ok([...norms.values()].every((v) => v > 0 && Number.isFinite(v)));
    assert.ok(norms.get(4)! > norms.get(0)!);
    // By construction: the mean over one text equals the mean of its token norms (BOS skipped).
    const single = await model.residualNorms([texts[0]!], { layers: [3] });
    const data = forward!.layers.get(3)!;
    let sum = 0;
    for (let row = 1; row < forward!.positions.length; row++) {
      let sq = 0;
      for (let j = 0; j < 64; j++) sq += data[row * 64 + j]! ** 2;
      sum += Math.sqrt(sq);
    }
    assert.ok(Math.abs(single.get(3)! - sum / (forward!.positions.length - 1)) < 1e-9);
  });
});
