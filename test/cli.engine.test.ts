import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { writeControlVector } from "../src/index.js";
import { STORIES, requireModel } from "../testing/models.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cli-"));

function limbic(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("the limbic CLI", () => {
  const model = requireModel(STORIES);
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("info --json describes the model", () => {
    const run = limbic("info", model, "--json");
    assert.equal(run.status, 0, run.stderr);
    const info = JSON.parse(run.stdout);
    assert.equal(info.architecture, "llama");
    assert.equal(info.nLayer, 5);
    assert.equal(info.nEmbd, 64);
    assert.equal(info.sha256, "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");
  });

  it("capture writes tokens and per-layer activations, and --control-vector shifts them by the file's vector x scale", async () => {
    const out = path.join(tmp, "capture.json");
    const run = limbic("capture", model, "--text", "Once upon a time", "--layers", "1,3", "--out", out);
    assert.equal(run.status, 0, run.stderr);
    const plain = JSON.parse(fs.readFileSync(out, "utf8"));
    assert.equal(plain.tokens.length, plain.token_ids.length);
    assert.deepEqual(Object.keys(plain.layers), ["1", "3"]);
    assert.equal(plain.layers["1"].length, plain.tokens.length);
    assert.equal(plain.layers["1"][0].length, 64);

    const cvFile = path.join(tmp, "v.gguf");
    const direction = Float32Array.from({ length: 64 }, (_, j) => (j % 7) * 0.1);
    await writeControlVector(cvFile, { nEmbd: 64, modelHint: "llama", directions: new Map([[3, direction]]) });
    const steeredOut = path.join(tmp, "steered.json");
    const steeredRun = limbic("capture", model, "--text", "Once upon a time", "--layers", "1,3", "--control-vector", `${cvFile}:0.5`, "--out", steeredOut);
    assert.equal(steeredRun.status, 0, steeredRun.stderr);
    const steered = JSON.parse(fs.readFileSync(steeredOut, "utf8"));
    assert.deepEqual(steered.layers["1"], plain.layers["1"]);
    for (let j = 0; j < 64; j++) assert.ok(Math.abs(steered.layers["3"][2][j] - plain.layers["3"][2][j] - 0.5 * direction[j]!) < 1e-5);
  });

  it("generate streams text reproducibly with a seed, and --control-vector changes it", async () => {
    const a = limbic("generate", model, "--prompt", "Once upon a time", "--seed", "4", "--max-tokens", "24");
    const b = limbic("generate", model, "--prompt", "Once upon a time", "--seed", "4", "--max-tokens", "24");
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.ok(a.stdout.trim().length > 10);
    assert.match(a.stderr, /24 tokens, finish: length, seed 4/);
    const cvFile = path.join(tmp, "big.gguf");
    await writeControlVector(cvFile, {
      nEmbd: 64,
      modelHint: "llama",
      directions: new Map([[2, Float32Array.from({ length: 64 }, (_, j) => Math.cos(j) * 4)]]),
    });
    const steered = limbic("generate", model, "--prompt", "Once upon a time", "--seed", "4", "--max-tokens", "24", "--control-vector", cvFile);
    assert.equal(steered.status, 0, steered.stderr);
    assert.notEqual(steered.stdout, a.stdout);
  });

  it("answers bad input with a clear message and a non-zero exit", () => {
    const missing = limbic("info", path.join(tmp, "missing.gguf"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No file at .*\[MODEL_NOT_FOUND\]/);
    const layer = limbic("capture", model, "--text", "Hi", "--layers", "9", "--out", path.join(tmp, "x.json"));
    assert.equal(layer.status, 1);
    assert.match(layer.stderr, /Layer 9 is outside this model's blocks 0\.\.4/);
    const usage = limbic("capture", model, "--text", "Hi", "--layers", "one", "--out", path.join(tmp, "x.json"));
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /not a comma-separated list of layer numbers/);
    const badVector = limbic("generate", model, "--prompt", "Hi", "--control-vector", model);
    assert.equal(badVector.status, 1);
    assert.match(badVector.stderr, /not a control vector/);
  });

  it("refuses the retired --steer file.gguf:scale on generate and capture, naming --control-vector and the unit", () => {
    for (const command of ["generate", "capture"]) {
      const args = command === "generate" ? ["--prompt", "Hi"] : ["--text", "Hi", "--layers", "1", "--out", path.join(tmp, "x.json")];
      const old = limbic(command, model, ...args, "--steer", "v.gguf:0.8");
      assert.equal(old.status, 1, old.stderr);
      assert.match(old.stderr, /write --control-vector v\.gguf:0\.8/);
      assert.match(old.stderr, /raw scale .* not a steering strength in residual-norm units/);
      assert.match(old.stderr, /\[INVALID_ARGUMENT\]/);
      // Refused before the model loads: nothing is written.
      assert.ok(!fs.existsSync(path.join(tmp, "x.json")));
    }
  });
});
