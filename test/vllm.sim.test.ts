import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { LimbicError } from "../src/errors.js";
import type { TokenEvent } from "../src/engine/generate.js";
import { openLanguageModel } from "../src/engine/openModel.js";
import { VllmLensClient } from "../src/engine/vllm/client.js";
import { VllmModel } from "../src/engine/vllm/vllmModel.js";
import { simForward, simTokenize, VllmLensSim } from "../testing/vllmLensSim.js";

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LimbicError, `expected a LimbicError, got ${String(error)}`);
    return error.code;
  }
  assert.fail("expected an error");
}

function row(layers: Float32Array[], layer: number, position: number, d: number): number[] {
  return Array.from(layers[layer]!.subarray(position * d, (position + 1) * d));
}

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++)
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance * (1 + Math.abs(expected[i]!)), `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

describe("VllmModel against the simulated vllm-lens server", () => {
  const sim = new VllmLensSim();
  let model: VllmModel;
  before(async () => {
    await sim.start();
    model = await VllmModel.connect({ model: sim.reference, retryDelayMs: 5 });
  });
  after(async () => {
    await model.dispose();
    await sim.stop();
  });

  it("learns the model's shape, vocabulary, context and chat template from the server", () => {
    assert.equal(model.info.backend, "vllm");
    assert.equal(model.info.nLayer, 6);
    assert.equal(model.info.nEmbd, 16);
    assert.equal(model.info.nVocab, 65836);
    assert.equal(model.info.contextLength, 256);
    assert.equal(model.info.path, sim.reference);
    assert.match(model.info.chatTemplate ?? "", /start_of_turn/);
    assert.match(model.info.sha256, /^[0-9a-f]{64}$/);
  });

  it("tokenizes (BOS not doubled), detokenizes, and gives exact token bytes", async () => {
    const tokens = await model.tokenize("héllo 🙂");
    assert.deepEqual(Array.from(tokens), simTokenize("héllo 🙂", true).tokens);
    const chat = model.applyChatTemplate([{ role: "user", content: "hi" }]);
    const prompt = await model.tokenizePrompt(chat.text);
    assert.equal(prompt.filter((t) => t === 2).length, 1);
    assert.equal(await model.detokenize(tokens), "héllo 🙂");
    assert.equal(await model.detokenize(prompt, { renderSpecial: true }), chat.text);
    const emojiBytes = await Promise.all(Array.from(tokens.slice(-4), (t) => model.tokenBytes(t)));
    assert.equal(Buffer.concat(emojiBytes).toString("utf8"), "🙂");
    assert.equal(await model.tokenText(2, false), "");
    assert.equal(await model.tokenText(2, true), "<bos>");
    assert.ok(model.isEndOfGeneration(1) && model.isEndOfGeneration(4));
  });

  it("forward returns the block outputs of the asked layers and positions only", async () => {
    const text = "the cat sat";
    const tokens = simTokenize(text, true).tokens;
    const expected = simForward(tokens, 6, 16, []);
    const [all] = await model.forward([text], { layers: [4, 1] });
    assert.equal(all!.positions.length, tokens.length);
    for (const layer of [1, 4]) closeTo(all!.layers.get(layer)!, expected[layer]!);
    const last = sim.completions.at(-1)!;
    assert.equal((last.vllm_xargs as Record<string, string>).output_residual_stream, "[1,4]");
    assert.equal((last.vllm_xargs as Record<string, string>).activations_transport, "binary");
    const [span] = await model.forward([tokens], { layers: [3], positions: { start: 2, end: 5 } });
    closeTo(span!.layers.get(3)!, expected[3]!.subarray(2 * 16, 5 * 16));
    const [only] = await model.forward([tokens], { layers: [3], positions: "last" });
    closeTo(only!.layers.get(3)!, row(expected, 3, tokens.length - 1, 16));
  });

  it("steering adds exactly the vector at its block and leaves earlier blocks alone", async () => {
    const vector = Float32Array.from({ length: 16 }, (_, i) => (i % 3) - 1);
    const text = "steer me";
    const [plain] = await model.forward([text], { layers: [1, 2, 3] });
    const [steered] = await model.forward([text], { layers: [1, 2, 3], steering: [{ layer: 2, vector, scale: 0.5 }] });
    closeTo(steered!.layers.get(1)!, plain!.layers.get(1)!, 0);
    const difference = steered!.layers.get(2)!.map((v, i) => v - plain!.layers.get(2)![i]!);
    for (let p = 0; p < plain!.positions.length; p++)
      closeTo(
        difference.subarray(p * 16, (p + 1) * 16),
        vector.map((v) => v * 0.5),
      );
    assert.notDeepEqual(steered!.layers.get(3), plain!.layers.get(3));
  });

  it("mean residual norms are computed from forward captures, skipping BOS", async () => {
    const texts = ["one two", "three"];
    const norms = await model.residualNorms(texts, { layers: [0, 5] });
    let sum = 0;
    let count = 0;
    for (const text of texts) {
      const tokens = simTokenize(text, true).tokens;
      const layers = simForward(tokens, 6, 16, []);
      for (let p = 1; p < tokens.length; p++) {
        sum += Math.hypot(...row(layers, 5, p, 16));
        count++;
      }
    }
    assert.ok(Math.abs(norms.get(5)! - sum / count) < 1e-4 * (sum / count));
  });

  it("generation with capture: each token's event carries its own position's block outputs, whatever the chunk size", async () => {
    const runs: { tokens: number[]; events: TokenEvent[] }[] = [];
    for (const chunkTokens of [1, 3, 64]) {
      const chunked = await VllmModel.connect({ model: sim.reference, chunkTokens });
      const events: TokenEvent[] = [];
      const generation = chunked.generate({ prompt: "once upon", maxTokens: 9, temperature: 0, captureLayers: [2, 5] });
      for await (const event of generation) events.push(event);
      const result = await generation.result;
      runs.push({ tokens: result.tokens, events });
      assert.equal(events.length, result.tokens.length);
      const sequence = [...simTokenize("once upon", true).tokens, ...result.tokens];
      const reference = simForward(sequence, 6, 16, []);
      const promptLength = result.promptTokens;
      events.forEach((event, i) => {
        assert.equal(event.index, i);
        closeTo(event.activations!.get(5)!, row(reference, 5, promptLength + i, 16));
      });
    }
    assert.deepEqual(runs[0]!.tokens, runs[1]!.tokens);
    assert.deepEqual(runs[0]!.tokens, runs[2]!.tokens);
  });

  it("a steering change in a token's event applies from the next position on, identically for every chunk size", async () => {
    const vector = Float32Array.from({ length: 16 }, (_, i) => Math.cos(i));
    const outcomes: { tokens: number[]; reads: number[][] }[] = [];
    for (const chunkTokens of [1, 4, 64]) {
      const chunked = await VllmModel.connect({ model: sim.reference, chunkTokens });
      const reads: number[][] = [];
      let changed = false;
      const generation = chunked.generate({
        prompt: "the guard",
        maxTokens: 10,
        temperature: 0,
        captureLayers: [3],
        onToken: (event) => {
          reads.push(Array.from(event.activations!.get(3)!));
          if (event.index === 2 && !changed) {
            changed = true;
            generation.setSteering([{ layer: 3, vector, scale: 4 }]);
          }
        },
      });
      const result = await generation.result;
      outcomes.push({ tokens: result.tokens, reads });
    }
    const unsteered = await model.generate({ prompt: "the guard", maxTokens: 10, temperature: 0 }).result;
    assert.notDeepEqual(outcomes[0]!.tokens, unsteered.tokens, "the change must alter the text for this test to mean anything");
    assert.deepEqual(outcomes[0]!.tokens.slice(0, 4), unsteered.tokens.slice(0, 4), "tokens up to the change point are unaffected");
    for (const other of outcomes.slice(1)) {
      assert.deepEqual(other.tokens, outcomes[0]!.tokens);
      other.reads.forEach((r, i) => closeTo(r, outcomes[0]!.reads[i]!));
    }
    // The reference: block 3 steered from position prompt + 3 on, positions before untouched.
    const prompt = simTokenize("the guard", true).tokens;
    const sequence = [...prompt, ...outcomes[0]!.tokens];
    const from = prompt.length + 3;
    const rows = new Float32Array((sequence.length - from) * 16);
    for (let p = 0; p < sequence.length - from; p++)
      rows.set(
        vector.map((v) => v * 4),
        p * 16,
      );
    const reference = simForward(sequence, 6, 16, [
      {
        rows,
        shape: [1, sequence.length - from, 16],
        layer_indices: [3],
        scale: 1,
        position_indices: Array.from({ length: sequence.length - from }, (_, i) => from + i),
      },
    ]);
    outcomes[0]!.reads.forEach((r, i) => closeTo(r, row(reference, 3, prompt.length + i, 16)));
  });

  it("without capture, a change of steering at the second-to-last token still delivers every token's event", async () => {
    const vector = Float32Array.from({ length: 16 }, () => 2);
    for (const chunkTokens of [1, 64]) {
      const chunked = await VllmModel.connect({ model: sim.reference, chunkTokens });
      const seen: number[] = [];
      const generation = chunked.generate({
        prompt: "no capture",
        maxTokens: 6,
        temperature: 0,
        onToken: (event) => {
          seen.push(event.token);
          if (event.index === 4) generation.setSteering([{ layer: 1, vector }]);
        },
      });
      const result = await generation.result;
      assert.deepEqual(seen, result.tokens, `chunk ${chunkTokens}`);
    }
  });

  it("stops on stop strings, end-of-generation tokens, halt and abort like the llama.cpp backend", async () => {
    const plain = await model.generate({ prompt: "abc", maxTokens: 12, temperature: 0 }).result;
    assert.equal(plain.finishReason === "length" || plain.finishReason === "eog", true);
    const stopAt = plain.text.slice(2, 4);
    if (stopAt.length === 2) {
      const stopped = await model.generate({ prompt: "abc", maxTokens: 12, temperature: 0, stop: [stopAt], captureLayers: [1] }).result;
      assert.equal(stopped.finishReason, "stop");
      assert.equal(stopped.text, plain.text.slice(0, plain.text.indexOf(stopAt)));
    }
    const halted = await model.generate({
      prompt: "abc",
      maxTokens: 12,
      temperature: 0,
      captureLayers: [1],
      onToken: (e, c) => e.index === 1 && c.halt("enough"),
    }).result;
    assert.equal(halted.finishReason, "halt");
    assert.equal(halted.haltReason, "enough");
    assert.equal(halted.tokens.length, 2);
    const controller = new AbortController();
    controller.abort();
    const aborted = await model.generate({ prompt: "abc", maxTokens: 5, signal: controller.signal }).result;
    assert.equal(aborted.finishReason, "abort");
  });

  it("generateBatch runs each request with its own steering and per-token reads", async () => {
    const vector = Float32Array.from({ length: 16 }, () => 3);
    const reads = { plain: 0, steered: 0 };
    const results = await model.generateBatch([
      { prompt: "same", maxTokens: 6, temperature: 0, captureLayers: [4], onToken: (e) => void (e.activations && reads.plain++) },
      {
        prompt: "same",
        maxTokens: 6,
        temperature: 0,
        captureLayers: [4],
        steering: [{ layer: 2, vector }],
        onToken: (e) => void (e.activations && reads.steered++),
      },
    ]);
    assert.equal(reads.plain, results[0]!.tokens.length);
    assert.equal(reads.steered, results[1]!.tokens.length);
    assert.notDeepEqual(results[0]!.tokens, results[1]!.tokens);
  });

  it("checks layers, steering and options before sending anything", async () => {
    const sent = sim.completions.length;
    assert.equal(await errorCode(model.forward(["x"], { layers: [6] })), "LAYER_OUT_OF_RANGE");
    assert.equal(await errorCode(model.forward(["x"], { layers: [1], steering: [{ layer: 0, vector: new Float32Array(16) }] })), "LAYER_NOT_STEERABLE");
    assert.equal(await errorCode(model.forward(["x"], { layers: [1], steering: [{ layer: 1, vector: new Float32Array(3) }] })), "WIDTH_MISMATCH");
    assert.equal(await errorCode(model.forward(["x"], { logits: true })), "CAPABILITY_UNAVAILABLE");
    assert.equal(await errorCode(model.forward([[70000]], { layers: [1] })), "INVALID_TOKEN");
    assert.throws(
      () => model.generate({ prompt: "x", captureLayers: [9] }),
      (e: LimbicError) => e.code === "LAYER_OUT_OF_RANGE",
    );
    assert.equal(await errorCode(model.forward(["x".repeat(300)], { layers: [1] })), "CONTEXT_FULL");
    assert.equal(sim.completions.length, sent);
  });

  it("a server that silently leaves out a layer (as vllm-lens does for one it lacks) is caught by the shape check", async () => {
    const client = new VllmLensClient({ url: sim.url }, sim.servedModel);
    const error = await client
      .complete({ prompt: [2, 400], maxTokens: 1, sampling: { temperature: 0, topK: 0, topP: 1, minP: 0 }, captureLayers: [3, 99] })
      .catch((e: LimbicError) => e);
    assert.equal((error as LimbicError).code, "BACKEND_PROTOCOL");
    assert.match((error as LimbicError).message, /silently left out/);
  });
});

describe("VllmModel faults", () => {
  it("retries 429 and 503 with backoff, then says the server is overloaded", async () => {
    const sim = new VllmLensSim();
    await sim.start();
    try {
      const model = await VllmModel.connect({ model: sim.reference, retryDelayMs: 2, maxRetries: 3 });
      sim.faults.push({ kind: "status", status: 429 }, { kind: "status", status: 503 });
      const [read] = await model.forward(["retry me"], { layers: [1] });
      assert.equal(read!.layers.get(1)!.length, read!.tokens.length * 16);
      assert.equal(model.retries, 2);
      for (let i = 0; i < 4; i++) sim.faults.push({ kind: "status", status: 503 });
      assert.equal(await errorCode(model.forward(["x"], { layers: [1] })), "BACKEND_OVERLOADED");
    } finally {
      await sim.stop();
    }
  });

  it("a 500 from an engine that stopped says the server is gone; any other 500 is a refusal", async () => {
    const sim = new VllmLensSim();
    await sim.start();
    try {
      const model = await VllmModel.connect({ model: sim.reference, retryDelayMs: 2, maxRetries: 1 });
      // What vLLM 0.30 answers to requests in flight while it shuts down.
      sim.faults.push({ kind: "status", status: 500, message: "EngineCore encountered an issue. See stack trace (above) for the root cause." });
      assert.equal(await errorCode(model.forward(["x"], { layers: [1] })), "BACKEND_UNREACHABLE");
      sim.faults.push({ kind: "status", status: 500, message: "Internal error in the tokenizer" });
      assert.equal(await errorCode(model.forward(["x"], { layers: [1] })), "BACKEND_REJECTED");
    } finally {
      await sim.stop();
    }
  });

  it("a response cut short is retried, and named when it keeps happening", async () => {
    const sim = new VllmLensSim();
    await sim.start();
    try {
      const model = await VllmModel.connect({ model: sim.reference, retryDelayMs: 2, maxRetries: 2 });
      sim.faults.push({ kind: "truncate" });
      const [read] = await model.forward(["cut"], { layers: [2] });
      assert.ok(read!.layers.get(2)!.length > 0);
      for (let i = 0; i < 3; i++) sim.faults.push({ kind: "truncate" });
      assert.equal(await errorCode(model.forward(["cut"], { layers: [2] })), "RESPONSE_TRUNCATED");
      sim.faults.push({ kind: "truncate", path: "/v1/activations/" });
      const [again] = await model.forward(["cut"], { layers: [2] });
      assert.deepEqual(again!.layers.get(2), read!.layers.get(2));
      assert.equal(sim.faults.length, 0);
    } finally {
      await sim.stop();
    }
  });

  it("names a dead server, a URL that is no vLLM server, a missing vllm-lens, an unknown model and a wrong key", async () => {
    const sim = new VllmLensSim();
    await sim.start();
    const url = sim.url;
    await sim.stop();
    assert.equal(await errorCode(VllmModel.connect({ model: `vllm+${url}/m`, maxRetries: 1, retryDelayMs: 2 })), "BACKEND_UNREACHABLE");

    const other = http.createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html>not here</html>");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      assert.equal(await errorCode(VllmModel.connect(`vllm+http://127.0.0.1:${(other.address() as AddressInfo).port}/m`)), "BACKEND_PROTOCOL");
    } finally {
      other.closeAllConnections();
      await new Promise((r) => other.close(r));
    }

    const noLens = new VllmLensSim({ withoutLens: true });
    await noLens.start();
    const keyed = new VllmLensSim({ apiKey: "secret" });
    await keyed.start();
    try {
      const error = await VllmModel.connect(noLens.reference).catch((e: LimbicError) => e);
      assert.equal((error as LimbicError).code, "BACKEND_NO_LENS");
      assert.match((error as LimbicError).message, /vllm-lens/);
      const unknown = await VllmModel.connect(`vllm+${noLens.url}/other-model`).catch((e: LimbicError) => e);
      assert.equal((unknown as LimbicError).code, "MODEL_NOT_SERVED");
      assert.match((unknown as LimbicError).message, /sim-model/);
      assert.equal(await errorCode(VllmModel.connect(keyed.reference)), "BACKEND_AUTH");
      assert.equal(await errorCode(VllmModel.connect({ model: keyed.reference, apiKey: "wrong" })), "BACKEND_AUTH");
      const ok = await VllmModel.connect({ model: keyed.reference, apiKey: "secret" });
      assert.equal(ok.info.nLayer, 6);
    } finally {
      await noLens.stop();
      await keyed.stop();
    }
  });

  it("a server that goes away mid-run gives BACKEND_UNREACHABLE; a disposed model says so", async () => {
    const sim = new VllmLensSim();
    await sim.start();
    const model = await openLanguageModel({ backend: "vllm", url: sim.url, servedModel: sim.servedModel, maxRetries: 2, retryDelayMs: 2 });
    assert.equal(model.info.backend, "vllm");
    await sim.stop();
    assert.equal(await errorCode(model.forward([[2, 400, 401]], { layers: [1] })), "BACKEND_UNREACHABLE");
    assert.equal(await errorCode(Promise.resolve().then(() => model.tokenize("x", { parseSpecial: false }))), "CAPABILITY_UNAVAILABLE");
    await model.dispose();
    assert.equal(await errorCode(model.forward([[2]], { layers: [1] })), "DISPOSED");
  });

  it("keeps at most maxInFlight requests at the server", async () => {
    const sim = new VllmLensSim({ latencyMs: 200 });
    await sim.start();
    try {
      const model = await VllmModel.connect({ model: sim.reference, maxInFlight: 3 });
      sim.maxInFlightSeen = 0;
      await model.forward(
        Array.from({ length: 10 }, (_, i) => `text ${i}`),
        { layers: [1] },
      );
      assert.equal(sim.maxInFlightSeen, 3);
    } finally {
      await sim.stop();
    }
  });

  it("widens bf16 captures to float32 (within bf16 rounding of the float32 values)", async () => {
    const sim = new VllmLensSim({ dtype: "bfloat16" });
    await sim.start();
    try {
      const model = await openLanguageModel(sim.reference);
      const tokens = simTokenize("bf16 please", true).tokens;
      const [read] = await model.forward([tokens], { layers: [3] });
      const expected = simForward(tokens, 6, 16, [])[3]!;
      closeTo(read!.layers.get(3)!, expected, 2 ** -8);
      for (const v of read!.layers.get(3)!) assert.equal(new Uint32Array(Float32Array.of(v).buffer)[0]! & 0xffff, 0);
    } finally {
      await sim.stop();
    }
  });
});
