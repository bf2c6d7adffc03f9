/**
 * Integration against a real vLLM + vllm-lens server serving Gemma 3 270M (made by
 * scripts/vllm/convert.sh from the same GGUF the llama.cpp side loads): the engine through the
 * API here, the commands through the CLI in vllm.integration.cli.ts. Skipped, with the reason,
 * when LIMBIC_VLLM_URL (vllm+http://host:port/<served-model>) is not set or the GGUF is missing.
 * Heavy: run under the shared lock (scripts/vllm/integration.sh does).
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import { loadModel, type Model } from "../src/index.js";
import { VllmModel } from "../src/engine/vllm/vllmModel.js";
import type { LanguageModel } from "../src/engine/languageModel.js";
import { GEMMA, findModel } from "../testing/models.js";
import { describeCliIntegration } from "./vllm.integration.cli.js";
import { cosine } from "../src/vectors/stats.js";

const reference = process.env.LIMBIC_VLLM_URL;
const gguf = findModel(GEMMA);
const skip = !reference
  ? "LIMBIC_VLLM_URL is not set (start a server with scripts/vllm/serve.sh, or run scripts/vllm/integration.sh)"
  : !gguf
    ? `${GEMMA} is not in the model cache (npm run fetch-models)`
    : false;
if (skip) process.stderr.write(`# vllm.integration: skipped: ${skip}\n`);
// scripts/vllm/integration.sh (and so CI) sets this: there a skipped suite is a failure.
if (skip && process.env.LIMBIC_REQUIRE_VLLM === "1") {
  it("runs against a real vLLM server (LIMBIC_REQUIRE_VLLM=1)", () => assert.fail(`the real-server suite would be skipped: ${skip}`));
}

const prompts = [
  "The lighthouse keeper climbed the stairs each night, counting the steps as the storm rolled in.",
  "She opened the letter slowly; the news inside would change the whole summer for the family.",
  "<start_of_turn>user\nMy dog ate my homework again. What should I tell my teacher?<end_of_turn>\n<start_of_turn>model\n",
];

function rows(data: Float32Array, n: number): Float32Array[] {
  return Array.from({ length: data.length / n }, (_, i) => data.subarray(i * n, (i + 1) * n));
}

describe("vLLM backend against a real server, beside llama.cpp", { skip }, () => {
  let vllm: VllmModel;
  let llama: Model;
  before(async () => {
    vllm = await VllmModel.connect({ model: reference!, maxInFlight: 4 });
    llama = await loadModel({ model: gguf!, threads: 2, kvCache: "f32" });
  });
  after(async () => {
    await vllm?.dispose();
    await llama?.dispose();
  });

  it("serves the same model shape and tokenizes the prompts identically", async () => {
    assert.equal(vllm.info.nLayer, llama.info.nLayer);
    assert.equal(vllm.info.nEmbd, llama.info.nEmbd);
    for (const prompt of prompts) assert.deepEqual(Array.from(await vllm.tokenizePrompt(prompt)), Array.from(llama.tokenizePrompt(prompt)));
  });

  it("captures the same block outputs: per-token cosine ≥ 0.99 at the middle layer", async (t: TestContext) => {
    const middle = Math.floor(llama.info.nLayer / 2);
    const layers = [1, middle, llama.info.nLayer - 1];
    const tokens = prompts.map((p) => llama.tokenizePrompt(p));
    const fromVllm = await vllm.forward(tokens, { layers });
    const fromLlama = await llama.forward(tokens, { layers });
    for (const layer of layers) {
      const cosines: number[] = [];
      fromVllm.forEach((read, i) => {
        const a = rows(read.layers.get(layer)!, vllm.info.nEmbd);
        const b = rows(fromLlama[i]!.layers.get(layer)!, llama.info.nEmbd);
        a.forEach((row, p) => cosines.push(cosine(row, b[p]!)));
      });
      const min = Math.min(...cosines);
      const mean = cosines.reduce((x, y) => x + y, 0) / cosines.length;
      t.diagnostic(`layer ${layer}: per-token cosine vLLM vs llama.cpp over ${cosines.length} tokens: mean ${mean.toFixed(5)}, min ${min.toFixed(5)}`);
      if (layer === middle) assert.ok(min >= 0.99, `min cosine at layer ${layer} is ${min}`);
    }
  });

  it("steering moves the steered block by exactly the added vector on both backends", async (t: TestContext) => {
    const layer = Math.floor(llama.info.nLayer / 2);
    const n = llama.info.nEmbd;
    const direction = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7));
    const [norm] = (await llama.residualNorms(prompts.slice(0, 2), { layers: [layer] })).values();
    const steering = [{ layer, vector: direction, scale: (0.1 * norm!) / Math.hypot(...direction) }];
    const added = direction.map((v) => v * steering[0]!.scale);
    const later = Math.min(layer + 3, llama.info.nLayer - 1);
    const shifts: Float32Array[] = [];
    for (const model of [llama, vllm] as LanguageModel[]) {
      const [plain] = await model.forward([prompts[0]!], { layers: [layer, later] });
      const [steered] = await model.forward([prompts[0]!], { layers: [layer, later], steering });
      const delta = steered!.layers.get(layer)!.map((v, i) => v - plain!.layers.get(layer)![i]!);
      // Rounding of the captured dtype is relative to the residual, not to the (smaller) added
      // vector, so bf16 leaves a few percent per token (more at BOS, whose norm is huge); the
      // direction and the average over tokens must still be the added vector.
      const tokenRows = rows(delta, n).slice(1);
      const relative = (row: ArrayLike<number>) => Math.hypot(...Array.from(row, (v, j) => v - added[j]!)) / Math.hypot(...added);
      const worst = Math.max(...tokenRows.map(relative));
      const minCosine = Math.min(...tokenRows.map((row) => cosine(Float32Array.from(row), added)));
      const average = new Float32Array(n);
      for (const row of tokenRows) for (let j = 0; j < n; j++) average[j] = average[j]! + row[j]! / tokenRows.length;
      t.diagnostic(
        `${model.info.backend}: steered minus plain at layer ${layer} (tokens after BOS): worst relative error ${worst.toExponential(2)}, min cosine ${minCosine.toFixed(5)}, relative error of the average ${relative(average).toExponential(2)}`,
      );
      assert.ok(minCosine > 0.99, `${model.info.backend}: min cosine ${minCosine}`);
      assert.ok(relative(average) < 0.02, `${model.info.backend}: average relative error ${relative(average)}`);
      shifts.push(steered!.layers.get(later)!.map((v, i) => v - plain!.layers.get(later)![i]!));
    }
    const agreement = cosine(shifts[0]!, shifts[1]!);
    t.diagnostic(`cosine between the two backends' shifts at layer ${later}: ${agreement.toFixed(4)}`);
    assert.ok(agreement > 0.9);
  });

  it("generates with per-token capture; each event's read matches a forward pass over the same tokens", async (t: TestContext) => {
    const layer = Math.floor(vllm.info.nLayer / 2);
    const reads: Float32Array[] = [];
    const generation = vllm.generate({
      prompt: prompts[2]!,
      maxTokens: 12,
      temperature: 0,
      captureLayers: [layer],
      onToken: (e) => reads.push(e.activations!.get(layer)!),
    });
    const result = await generation.result;
    assert.equal(reads.length, result.tokens.length);
    assert.ok(result.tokens.length > 0);
    const prompt = await vllm.tokenizePrompt(prompts[2]!);
    const [whole] = await vllm.forward([[...prompt, ...result.tokens]], { layers: [layer] });
    const reference = rows(whole!.layers.get(layer)!, vllm.info.nEmbd).slice(prompt.length);
    const cosines = reads.map((r, i) => cosine(r, reference[i]!));
    t.diagnostic(
      `generated "${result.text.replace(/\n/g, "\\n")}" (${result.finishReason}); min cosine of generation reads vs one forward pass: ${Math.min(...cosines).toFixed(6)}`,
    );
    assert.ok(Math.min(...cosines) > 0.999);
    const greedy = await llama.generate({ prompt: prompts[2]!, maxTokens: 12, temperature: 0 }).result;
    t.diagnostic(`llama.cpp greedy: "${greedy.text.replace(/\n/g, "\\n")}"`);
  });
});

describeCliIntegration(reference, gguf, skip);
