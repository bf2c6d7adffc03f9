import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { readGgufFileInfo } from "node-llama-cpp";
import { controlVectorSteering, loadModel, readControlVector, writeControlVector, type ControlVector, type Model } from "../src/index.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cv-"));

function vectorSet(nEmbd: number, layers: number[]): ControlVector {
  return {
    nEmbd,
    modelHint: "llama",
    directions: new Map(layers.map((l) => [l, Float32Array.from({ length: nEmbd }, (_, j) => Math.sin(l * 31 + j) * 0.37 + 1e-7 * j)])),
  };
}

describe("llama.cpp control-vector files", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("round-trips bit-exactly", async () => {
    const file = path.join(tmp, "roundtrip.gguf");
    const original = vectorSet(64, [1, 2, 4]);
    await writeControlVector(file, original);
    const back = await readControlVector(file);
    assert.equal(back.nEmbd, 64);
    assert.equal(back.modelHint, "llama");
    assert.deepEqual([...back.directions.keys()], [1, 2, 4]);
    for (const [layer, data] of original.directions) assert.deepEqual(back.directions.get(layer), data);
  });

  it("follows llama.cpp's loader rules: controlvector architecture, F32 1-D direction.<l> tensors of n_embd, no direction.0, 32-byte alignment", async () => {
    const file = path.join(tmp, "layout.gguf");
    await writeControlVector(file, vectorSet(64, [1, 3]));
    const info = await readGgufFileInfo(file, { readTensorInfo: true, logWarnings: false });
    const metadata = info.metadata as unknown as { general: { architecture: string }; controlvector: { model_hint: string; layer_count: number } };
    assert.equal(metadata.general.architecture, "controlvector");
    assert.equal(metadata.controlvector.model_hint, "llama");
    assert.equal(metadata.controlvector.layer_count, 2);
    assert.equal(info.version, 3);
    const tensors = info.tensorInfo!;
    assert.deepEqual(
      tensors.map((t) => t.name),
      ["direction.1", "direction.3"],
    );
    for (const t of tensors) {
      assert.equal(Number(t.ggmlType), 0);
      assert.deepEqual(t.dimensions.map(Number), [64]);
      assert.equal(Number(t.fileOffset) % 32, 0);
    }
    assert.ok(fs.statSync(file).size >= Number(tensors[1]!.fileOffset) + 64 * 4);
  });

  it("refuses to write block 0, mixed widths or NaN", async () => {
    await assert.rejects(writeControlVector(path.join(tmp, "bad0.gguf"), vectorSet(64, [0, 1])), { code: "LAYER_NOT_STEERABLE" });
    const mixed = vectorSet(64, [1]);
    mixed.directions.set(2, new Float32Array(32));
    await assert.rejects(writeControlVector(path.join(tmp, "bad1.gguf"), mixed), { code: "WIDTH_MISMATCH" });
    const nan = vectorSet(64, [1]);
    nan.directions.get(1)![3] = NaN;
    await assert.rejects(writeControlVector(path.join(tmp, "bad2.gguf"), nan), { code: "NON_FINITE" });
  });

  it("rejects files that are not control vectors", async () => {
    await assert.rejects(readControlVector(requireModel(STORIES)), { code: "CONTROL_VECTOR_INVALID" });
    const text = path.join(tmp, "text.gguf");
    fs.writeFileSync(text, "not a gguf at all");
    await assert.rejects(readControlVector(text), { code: "CONTROL_VECTOR_INVALID" });
  });

  it("steers by the file's vectors times the scale", async () => {
    const file = path.join(tmp, "steer.gguf");
    const cv = vectorSet(64, [2]);
    await writeControlVector(file, cv);
    const loaded = await readControlVector(file);
    const text = "The sun was warm.";
    const [plain] = await model.forward([text], { layers: [2] });
    const [steered] = await model.forward([text], { layers: [2], steering: controlVectorSteering(loaded, -1.5) });
    const a = plain!.layers.get(2)!;
    const b = steered!.layers.get(2)!;
    for (let j = 0; j < 64; j++) assert.ok(Math.abs(b[j]! - a[j]! + 1.5 * cv.directions.get(2)![j]!) < 1e-5);
  });

  it("rejects a control vector made for another width", async () => {
    const file = path.join(tmp, "narrow.gguf");
    await writeControlVector(file, vectorSet(32, [1]));
    const narrow = await readControlVector(file);
    await assert.rejects(model.forward(["Hi"], { steering: controlVectorSteering(narrow) }), { code: "WIDTH_MISMATCH" });
  });
});
