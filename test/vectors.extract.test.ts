import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { loadModel, readControlVector, type Model } from "../src/index.js";
import { computeLayerVectors } from "../src/vectors/compute.js";
import { extractEmotionVectors } from "../src/vectors/extract.js";
import { validateVectorSet } from "../src/vectors/validate.js";
import { assertCompatible, emotionSteering, readVectorSet, vectorFor } from "../src/vectors/vectorSet.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { randomModelFile } from "../testing/randomModel.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-vec-"));
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

describe("emotion vectors by construction", () => {
  it("is each emotion's mean minus the mean of all emotion means, unit length", () => {
    const means = new Map([
      ["a", Float64Array.of(3, 0, 0)],
      ["b", Float64Array.of(0, 3, 0)],
      ["c", Float64Array.of(0, 0, 3)],
    ]);
    const { vectors, components } = computeLayerVectors(means, undefined, 3, 0.5);
    assert.equal(components, 0);
    const expected = [2, -1, -1].map((x) => x / Math.sqrt(6));
    vectors.get("a")!.forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) < 1e-6));
  });

  it("projects out the neutral set's dominant direction", () => {
    // Neutral data varies almost only along axis 0: that axis is removed from every vector.
    const n = 3;
    const rows = [[5, 0, 0], [-5, 0, 0], [0, 0.1, 0], [0, -0.1, 0], [0, 0, 0.1], [0, 0, -0.1]];
    const sum = new Float64Array(n);
    const outerSum = new Float64Array(n * n);
    for (const r of rows) for (let i = 0; i < n; i++) {
      sum[i] = sum[i]! + r[i]!;
      for (let j = i; j < n; j++) outerSum[i * n + j] = outerSum[i * n + j]! + r[i]! * r[j]!;
    }
    const means = new Map([["a", Float64Array.of(1, 1, 0)], ["b", Float64Array.of(-1, 0, 1)]]);
    const { vectors, components } = computeLayerVectors(means, { count: rows.length, sum, outerSum }, n, 0.5);
    assert.equal(components, 1);
    for (const v of vectors.values()) {
      assert.ok(Math.abs(v[0]!) < 1e-9, `axis 0 left: ${v[0]}`);
      assert.ok(Math.abs(norm(v) - 1) < 1e-6);
    }
  });
});

describe("extraction on stories260K (generate, store, read, denoise, GGUF, validate)", () => {
  let model: Model;
  const out = path.join(tmp, "set");
  const options = { outDir: out, emotions: ["happy", "sad", "afraid"], storiesPerEmotion: 5, layers: [2, 3], batchSize: 8, maxStoryTokens: 48, tokenOffset: 4, progress: false };
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("writes unit control vectors per emotion and layer, a manifest and the stories", async () => {
    const result = await extractEmotionVectors(model, options);
    assert.equal(result.stories, 15);
    const m = result.manifest;
    assert.deepEqual(m.layers, [2, 3]);
    assert.equal(m.default_layer, 3);
    assert.equal(m.model.sha256, model.info.sha256);
    assert.deepEqual(Object.keys(m.counts), ["happy", "sad", "afraid"]);
    const stories = fs.readFileSync(path.join(out, "stories.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(stories.length, 15);
    for (const e of options.emotions) {
      const usable = stories.filter((s) => s.emotion === e && !s.held_out && !s.rejected).length;
      assert.equal(m.counts[e], usable);
      const cv = await readControlVector(path.join(out, m.files[e]!));
      assert.deepEqual([...cv.directions.keys()], [2, 3]);
      for (const v of cv.directions.values()) assert.ok(Math.abs(norm(v) - 1) < 1e-5);
    }
    for (const layer of ["2", "3"]) assert.ok(m.mean_residual_norms[layer]! > 0);
    const set = await readVectorSet(out);
    assert.equal(set.vectors.size, 3);
    const push = emotionSteering(set, "happy", 0.1);
    assert.ok(Math.abs(norm(Float32Array.from(push.vector, (x) => x * push.scale!)) - 0.1 * m.mean_residual_norms["3"]!) < 1e-4);
  });

  it("refuses to overwrite an extraction without --resume, and resumes one with the same settings", async () => {
    await assert.rejects(extractEmotionVectors(model, options), { code: "INVALID_ARGUMENT", message: /--resume/ });
    const again = await extractEmotionVectors(model, { ...options, resume: true });
    assert.equal(again.stories, 15);
    await assert.rejects(extractEmotionVectors(model, { ...options, resume: true, storiesPerEmotion: 6 }), { message: /other settings/ });
  });

  it("validates: held-out accuracy with chance and random control, valence, logit lens, intensity", async () => {
    const set = await readVectorSet(out);
    const report = await validateVectorSet(model, set);
    for (const key of ["top1", "top5", "chance_top1", "valence_r", "logit_lens", "intensity"]) assert.ok(key in report, key);
    assert.equal(report.chance_top1, 1 / 3);
    assert.ok(report.top1 >= 0 && report.top1 <= 1);
    assert.equal(report.logit_lens.length, 3);
    assert.equal(report.logit_lens[0]!.top.length, 10);
    assert.ok(report.intensity.length >= 3);
    assert.ok(report.intensity.every((t) => Object.keys(t.spearman).includes("afraid")));
  });

  it("rejects a vector set from another model and a layer the set lacks", async () => {
    const set = await readVectorSet(out);
    const other = await loadModel({ model: await randomModelFile(), threads: 1 });
    try {
      assert.throws(() => assertCompatible(set, other), { code: "WIDTH_MISMATCH" });
    } finally {
      await other.dispose();
    }
    const copy = path.join(tmp, "stories-copy.gguf");
    fs.writeFileSync(copy, Buffer.concat([fs.readFileSync(requireModel(STORIES)), Buffer.alloc(32)]));
    const renamed = await loadModel({ model: copy, threads: 1 });
    try {
      assert.throws(() => assertCompatible(set, renamed), { message: /was made for model file stories260K\.gguf/ });
    } finally {
      await renamed.dispose();
    }
    assert.throws(() => vectorFor(set, "happy", 1), { code: "LAYER_OUT_OF_RANGE" });
    assert.throws(() => vectorFor(set, "joyful"), { message: /no emotion "joyful"/ });
  });

  it("survives kill -9 mid-extraction and resumes without losing or duplicating stories", async () => {
    const dir = path.join(tmp, "killed");
    const args = [bin, "extract", requireModel(STORIES), "--out", dir, "--emotions", "happy,sad,calm,angry", "--stories-per-emotion", "6", "--layers", "2,3", "--batch-size", "2", "--max-story-tokens", "40", "--token-offset", "4"];
    const child = spawn(process.execPath, args, { stdio: "ignore" });
    const storeFile = path.join(dir, "extraction.sqlite");
    const count = () => {
      try {
        const db = new Database(storeFile, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare("SELECT count(*) AS n FROM stories").get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const deadline = Date.now() + 150_000;
    while (count() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const before = count();
    assert.ok(before >= 4 && before < 24, `killed after ${before} stories`);
    const resumed = spawnSync(process.execPath, [...args, "--resume"], { encoding: "utf8", timeout: 300_000 });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(count(), 24);
    const stories = fs.readFileSync(path.join(dir, "stories.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(new Set(stories.map((s) => `${s.emotion}|${s.premise}|${s.variant}`)).size, 24);
  });
});

describe("extraction from a corpus and bad input", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
  });

  const corpusLines = [
    ...Array.from({ length: 4 }, (_, i) => ({ emotion: "happy", text: `Lily laughed and danced in the sun with her friend number ${i}. They played all day and smiled a lot.` })),
    ...Array.from({ length: 4 }, (_, i) => ({ emotion: "sad", text: `Tom cried because his toy broke again, time ${i}. He sat alone and did not want to eat.` })),
  ];

  it("reads a user corpus instead of generating", async () => {
    const result = await extractEmotionVectors(model, { outDir: path.join(tmp, "corpus"), emotions: ["happy", "sad"], corpus: corpusLines, layers: [3], tokenOffset: 2, heldOutFraction: 0.25, progress: false });
    assert.equal(result.manifest.read_mode, "corpus");
    assert.deepEqual(result.manifest.counts, { happy: 3, sad: 3 });
  });

  it("names the problem: unknown emotions, malformed or empty corpora, missing emotions, bad layers", async () => {
    const corpusFile = path.join(tmp, "bad.jsonl");
    fs.writeFileSync(corpusFile, '{"emotion": "happy", "text": "ok"}\nthis is not json\n');
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, "extract", requireModel(STORIES), "--out", path.join(tmp, "cli"), ...args], { encoding: "utf8" });
    const unknown = cli("--emotions", "happy,joyfull,sadd");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /joyfull/);
    assert.match(unknown.stderr, /joyful/);
    const malformed = cli("--emotions", "happy,sad", "--corpus", corpusFile);
    assert.equal(malformed.status, 1);
    assert.match(malformed.stderr, /line 2 is not JSON/);
    fs.writeFileSync(corpusFile, "\n\n");
    assert.match(cli("--emotions", "happy,sad", "--corpus", corpusFile).stderr, /has no stories/);
    await assert.rejects(extractEmotionVectors(model, { outDir: path.join(tmp, "m"), emotions: ["happy", "sad", "calm"], corpus: corpusLines, progress: false }), { message: /no stories for: calm/ });
    await assert.rejects(extractEmotionVectors(model, { outDir: path.join(tmp, "l"), emotions: ["happy", "sad"], corpus: corpusLines, layers: [0], progress: false }), { code: "LAYER_OUT_OF_RANGE" });
  });
});
