import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspectGguf, loadModel, readTensorFloats } from "../src/index.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";

describe("captured activations are what the model computes", () => {
  it("reproduces llama.cpp's logits from the last layer's capture through output norm and unembedding (1e-3)", async () => {
    const file = requireModel(STORIES);
    const gguf = await inspectGguf(file);
    const llama = gguf.metadata.llama as { attention: { layer_norm_rms_epsilon: number } };
    const eps = llama.attention.layer_norm_rms_epsilon;
    const norm = await readTensorFloats(gguf, "output_norm.weight");
    const unembedding = await readTensorFloats(gguf, gguf.tensors.some((t) => t.name === "output.weight") ? "output.weight" : "token_embd.weight");
    const model = await loadModel({ model: file, threads: TEST_THREADS });
    try {
      const { nLayer, nEmbd, nVocab } = model.info;
      const [result] = await model.forward(["Once upon a time, a girl named Lily found a shiny stone."], { layers: [nLayer - 1], logits: true });
      const hidden = result!.layers.get(nLayer - 1)!;
      let worst = 0;
      for (let row = 0; row < result!.positions.length; row++) {
        const h = hidden.subarray(row * nEmbd, (row + 1) * nEmbd);
        const meanSquare = h.reduce((a, x) => a + x * x, 0) / nEmbd;
        const scale = 1 / Math.sqrt(meanSquare + eps);
        const normed = Float64Array.from(h, (x, j) => x * scale * norm[j]!);
        for (let v = 0; v < nVocab; v++) {
          let logit = 0;
          for (let j = 0; j < nEmbd; j++) logit += normed[j]! * unembedding[v * nEmbd + j]!;
          worst = Math.max(worst, Math.abs(logit - result!.logits![row * nVocab + v]!));
        }
      }
      assert.ok(worst < 1e-3, `max logit difference ${worst}`);
    } finally {
      await model.dispose();
    }
  });
});
