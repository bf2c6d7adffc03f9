import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ContextOverflowError, InvalidInputError, LimbicError, ModelFileError, loadModel, type Model } from "../src/index.js";
import { encodeGguf } from "../src/engine/ggufWriter.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { randomModelFile } from "../testing/randomModel.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-bad-"));

describe("bad model files give typed errors", () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("missing file", async () => {
    await assert.rejects(
      loadModel(path.join(tmp, "nope.gguf")),
      (e: unknown) => e instanceof ModelFileError && e.code === "MODEL_NOT_FOUND" && /No file at/.test(e.message),
    );
  });

  it("a folder", async () => {
    await assert.rejects(loadModel(tmp), { code: "MODEL_NOT_FOUND" });
  });

  it("not a GGUF file", async () => {
    const file = path.join(tmp, "text.gguf");
    fs.writeFileSync(file, "hello, I am a text file pretending to be a model");
    await assert.rejects(loadModel(file), (e: unknown) => e instanceof ModelFileError && e.code === "NOT_GGUF");
  });

  it("a GGUF cut short in its tensor data", async () => {
    const file = path.join(tmp, "truncated.gguf");
    const bytes = fs.readFileSync(requireModel(STORIES));
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await assert.rejects(loadModel(file), { code: "TRUNCATED_GGUF" });
  });

  it("a GGUF cut short in its header", async () => {
    const file = path.join(tmp, "header.gguf");
    fs.writeFileSync(file, fs.readFileSync(requireModel(STORIES)).subarray(0, 300));
    await assert.rejects(loadModel(file), { code: "TRUNCATED_GGUF" });
  });

  it("an architecture llama.cpp does not know", async () => {
    const file = path.join(tmp, "alien.gguf");
    fs.writeFileSync(
      file,
      encodeGguf({ "general.architecture": { type: "string", value: "martian" }, "martian.block_count": { type: "uint32", value: 2 } }, [
        { name: "token_embd.weight", dimensions: [8, 4], data: new Float32Array(32) },
      ]),
    );
    await assert.rejects(loadModel(file), (e: unknown) => e instanceof ModelFileError && e.code === "UNSUPPORTED_ARCHITECTURE" && /martian/.test(e.message));
  });
});

describe("bad inputs to a loaded model give typed errors", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
  });
  const vector = new Float32Array(64).fill(0.1);

  it("capture layer out of range", async () => {
    await assert.rejects(
      model.forward(["Hi"], { layers: [5] }),
      (e: unknown) => e instanceof InvalidInputError && e.code === "LAYER_OUT_OF_RANGE" && /0\.\.4/.test(e.message),
    );
    await assert.rejects(model.forward(["Hi"], { layers: [-1] }), { code: "LAYER_OUT_OF_RANGE" });
  });

  it("steering layer out of range, and layer 0", async () => {
    await assert.rejects(model.forward(["Hi"], { steering: [{ layer: 7, vector }] }), { code: "LAYER_OUT_OF_RANGE" });
    await assert.rejects(
      model.forward(["Hi"], { steering: [{ layer: 0, vector }] }),
      (e: unknown) => e instanceof InvalidInputError && e.code === "LAYER_NOT_STEERABLE",
    );
  });

  it("vector of the wrong width", async () => {
    await assert.rejects(
      model.forward(["Hi"], { steering: [{ layer: 2, vector: new Float32Array(63) }] }),
      (e: unknown) => e instanceof InvalidInputError && e.code === "WIDTH_MISMATCH" && /64/.test(e.message),
    );
  });

  it("NaN or Inf in a vector or scale", async () => {
    const bad = new Float32Array(64);
    bad[10] = NaN;
    await assert.rejects(model.forward(["Hi"], { steering: [{ layer: 2, vector: bad }] }), { code: "NON_FINITE" });
    bad[10] = Infinity;
    await assert.rejects(model.forward(["Hi"], { steering: [{ layer: 2, vector: bad }] }), { code: "NON_FINITE" });
    await assert.rejects(model.forward(["Hi"], { steering: [{ layer: 2, vector, scale: NaN }] }), { code: "NON_FINITE" });
  });

  it("an empty prompt", async () => {
    await assert.rejects(model.forward([""]), { code: "EMPTY_INPUT" });
    assert.throws(() => model.generate({ prompt: "" }), { code: "EMPTY_INPUT" });
    await assert.rejects(model.forward([]), { code: "EMPTY_INPUT" });
  });

  it("a prompt longer than the context", async () => {
    const long = new Int32Array(model.info.contextLength + 1).fill(300);
    await assert.rejects(model.forward([long]), (e: unknown) => e instanceof ContextOverflowError && e.code === "CONTEXT_FULL");
    assert.throws(() => model.generate({ prompt: long }), { code: "CONTEXT_FULL" });
  });

  it("tokens outside the vocabulary", async () => {
    await assert.rejects(model.forward([[1, 600]]), { code: "INVALID_TOKEN" });
  });

  it("bad sampling options", () => {
    assert.throws(() => model.generate({ prompt: "Hi", seed: -1 }), { code: "INVALID_ARGUMENT" });
    assert.throws(() => model.generate({ prompt: "Hi", stop: [""] }), { code: "INVALID_ARGUMENT" });
  });

  it("keeps working after every error above", async () => {
    const result = await model.generate({ prompt: "Once upon a time", maxTokens: 5, seed: 1 }).result;
    assert.equal(result.tokens.length, 5);
  });

  it("a disposed model", async () => {
    const other = await loadModel({ model: requireModel(STORIES), threads: 1 });
    await other.dispose();
    await assert.rejects(other.forward(["Hi"]), (e: unknown) => e instanceof LimbicError && e.code === "DISPOSED");
  });
});

describe("a one-block model (random weights, written by the test setup)", () => {
  it("loads, generates, and refuses steering (block 0 is never steerable)", async () => {
    const model = await loadModel({ model: await randomModelFile(), threads: TEST_THREADS });
    try {
      assert.equal(model.info.nLayer, 1);
      assert.equal(model.info.nVocab, 512);
      assert.equal(model.info.nEmbd, 16);
      const result = await model.generate({ prompt: "Hello world", maxTokens: 8, seed: 1 }).result;
      assert.ok(result.tokens.length > 0);
      const [capture] = await model.forward(["Hello world"], { layers: [0] });
      assert.equal(capture!.layers.get(0)!.length, capture!.tokens.length * model.info.nEmbd);
      await assert.rejects(model.forward(["Hi"], { steering: [{ layer: 0, vector: new Float32Array(model.info.nEmbd) }] }), { code: "LAYER_NOT_STEERABLE" });
    } finally {
      await model.dispose();
    }
  });
});
