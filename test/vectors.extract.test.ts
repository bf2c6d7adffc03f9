import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { loadModel, readControlVector, type Model } from "../src/index.js";
import { extractEmotionVectors } from "../src/vectors/extract.js";
import { validateVectorSet } from "../src/vectors/validate.js";
import { quickValidation } from "../src/vectors/validation/quick.js";
import { assertCompatible, emotionSteering, readVectorSet, vectorFor } from "../src/vectors/vectorSet.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { randomModelFile } from "../testing/randomModel.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-vec-"));
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));
const readStories = (dir: string) =>
  fs
    .readFileSync(path.join(dir, "stories.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          emotion: string;
          premise_index: number;
          attempt: number;
          held_out: boolean;
          rejected: string | null;
          tokens: number;
          kept: number;
          masked: number;
          text: string;
        },
    );

describe("extraction on stories260K (generate, store, read, denoise, GGUF, validate)", () => {
  let model: Model;
  const out = path.join(tmp, "set");
  const options = {
    outDir: out,
    emotions: ["happy", "sad", "afraid"],
    storiesPerEmotion: 5,
    layers: [2, 3],
    batchSize: 8,
    maxStoryTokens: 48,
    tokenOffset: 4,
    progress: false,
  };
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("writes every emotion for the same premises, holds out the same premises for all, and stores unit vectors with μ and σ", async () => {
    const result = await extractEmotionVectors(model, options);
    const m = result.manifest;
    const stories = readStories(out);
    const accepted = stories.filter((s) => !s.rejected);
    // The grid: each emotion has one accepted story per premise (redraws stay on their premise).
    const premisesOf = (e: string) => [...new Set(stories.filter((s) => s.emotion === e).map((s) => s.premise_index))].sort((a, b) => a - b);
    for (const e of options.emotions)
      assert.deepEqual(
        premisesOf(e),
        m.grid!.premises.slice().sort((a, b) => a - b),
      );
    assert.equal(m.grid!.premises.length, 5);
    assert.equal(m.grid!.held_out.length, 1);
    for (const e of options.emotions) {
      const held = [...new Set(stories.filter((s) => s.emotion === e && s.held_out).map((s) => s.premise_index))];
      assert.deepEqual(held, m.grid!.held_out, `${e} holds out the shared premise`);
      assert.ok(stories.filter((s) => s.emotion === e).every((s) => s.attempt < 3));
    }
    assert.equal(result.stories, stories.length);
    assert.deepEqual(m.layers, [2, 3]);
    assert.ok(m.layers.includes(m.default_layer));
    assert.deepEqual(Object.keys(m.layer_sweep!.accuracy).sort(), ["2", "3"]);
    assert.equal(m.version, 2);
    assert.equal(m.prompt_style, "base");
    assert.equal(m.model.sha256, model.info.sha256);
    for (const e of options.emotions) {
      assert.equal(m.counts[e], accepted.filter((s) => s.emotion === e && !s.held_out).length);
      const st = m.story_stats![e]!;
      assert.equal(st.written, stories.filter((s) => s.emotion === e).length);
      assert.equal(st.kept, accepted.filter((s) => s.emotion === e).length);
      assert.ok(st.length_quantiles[0] <= st.length_quantiles[1] && st.length_quantiles[1] <= st.length_quantiles[2]);
      for (const s of accepted.filter((x) => x.emotion === e)) assert.ok(s.kept >= 16 && s.kept + s.masked < s.tokens);
      const cv = await readControlVector(path.join(out, m.files[e]!));
      assert.deepEqual([...cv.directions.keys()], [2, 3]);
      for (const v of cv.directions.values()) assert.ok(Math.abs(norm(v) - 1) < 1e-5);
      for (const layer of ["2", "3"]) assert.ok(m.readout!.spread[e]![layer]! > 0);
    }
    for (const layer of ["2", "3"]) assert.ok(m.mean_residual_norms[layer]! > 0);
    const set = await readVectorSet(out);
    assert.equal(set.vectors.size, 3);
    assert.deepEqual([...set.neutralMean.keys()], [2, 3]);
    const push = emotionSteering(set, "happy", 0.1);
    assert.ok(Math.abs(norm(Float32Array.from(push.vector, (x) => x * push.scale!)) - 0.1 * m.mean_residual_norms[String(m.default_layer)]!) < 1e-4);
  });

  it("refuses to overwrite an extraction without --resume, and resumes one with the same settings", async () => {
    await assert.rejects(extractEmotionVectors(model, options), {
      code: "CONFLICT",
      message: /already holds an extraction .*Resume it/,
      details: { dir: out, option: "resume" },
    });
    const again = await extractEmotionVectors(model, { ...options, resume: true });
    assert.equal(again.stories, 15);
    await assert.rejects(extractEmotionVectors(model, { ...options, resume: true, storiesPerEmotion: 6 }), { message: /other settings/ });
  });

  it("validates: held-out premises with intervals and nulls, implicit scenarios, geometry, sentiment, intensity, logit lens", async () => {
    const set = await readVectorSet(out);
    const report = await validateVectorSet(model, set);
    const all = report.heldOut.find((h) => h.scope === "all")!;
    assert.equal(all.top1.chance, 1 / 3);
    assert.equal(all.stories, readStories(out).filter((s) => s.held_out && !s.rejected).length);
    assert.ok(all.top1.interval.low <= all.top1.interval.rate && all.top1.interval.rate <= all.top1.interval.high);
    assert.equal(all.top1.permutation.permutations, 1000);
    assert.ok(all.top1.random!.draws * 3 >= 20 * 3);
    assert.equal(all.confusion!.length, 3);
    assert.deepEqual(
      report.layerSweep.map((r) => r.layer),
      [2, 3],
    );
    assert.ok(report.confound && report.confound.premises === 5);
    assert.equal(report.implicit!.emotions.length, 3);
    assert.equal(report.implicit!.meanZ.length, 3);
    assert.ok(report.sentiment!.positives >= 40 && report.sentiment!.negatives >= 40);
    assert.equal(report.geometry.valence.length, 2);
    assert.equal(report.logitLens.length, 3);
    assert.equal(report.logitLens[0]!.top.length, 10);
    assert.ok(report.intensity.length >= 3);
    assert.ok(report.intensity.every((t) => Object.keys(t.spearman).includes("afraid")));
  });

  it("quick validation (the demo's) gives the full validation's held-out top-1, permutation p and premise confound", async () => {
    const set = await readVectorSet(out);
    const full = await validateVectorSet(model, set);
    const quick = await quickValidation(model, set);
    assert.equal(quick.layer, full.layer);
    assert.deepEqual(
      quick.heldOut,
      full.heldOut.find((h) => h.scope === "all"),
    );
    assert.deepEqual(quick.confound, full.confound);
    assert.ok(quick.heldOut!.stories > 0);
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
});

describe("extraction from a corpus and bad input", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
  });

  // Two situations, each written for both emotions: a premise every emotion shares.
  const corpusLines = [0, 1, 2, 3].flatMap((p) => [
    {
      emotion: "happy",
      premise: `park ${p}`,
      text: `Lily laughed and danced in the sun at the park, day ${p}. She and her friend played all day, ran to the swings and smiled a lot.`,
    },
    {
      emotion: "sad",
      premise: `park ${p}`,
      text: `Tom sat alone on a bench at the park, day ${p}. His toy was broken again, nobody came to play, and he did not want to eat his lunch.`,
    },
  ]);

  it("reads a user corpus instead of generating, holding out whole premises", async () => {
    const result = await extractEmotionVectors(model, {
      outDir: path.join(tmp, "corpus"),
      emotions: ["happy", "sad"],
      corpus: corpusLines,
      layers: [3],
      tokenOffset: 2,
      heldOutFraction: 0.25,
      progress: false,
    });
    assert.equal(result.manifest.read_mode, "corpus");
    assert.deepEqual(result.manifest.counts, { happy: 3, sad: 3 });
    assert.deepEqual(result.manifest.heldout_counts, { happy: 1, sad: 1 });
  });

  it("refuses a corpus whose emotions do not share enough premises for a balanced split, before reading anything", async () => {
    const lopsided = [
      ...corpusLines.filter((l) => l.emotion === "happy"),
      ...corpusLines.filter((l) => l.emotion === "sad").map((l, i) => ({ ...l, premise: `elsewhere ${i}` })),
    ];
    const dir = path.join(tmp, "lopsided");
    await assert.rejects(extractEmotionVectors(model, { outDir: dir, emotions: ["happy", "sad"], corpus: lopsided, layers: [3], progress: false }), {
      message: /share 0 premises/,
    });
    assert.equal(fs.existsSync(dir), false, "nothing was written");
    const unlabelled = corpusLines.map(({ emotion, text }) => ({ emotion, text }));
    await assert.rejects(extractEmotionVectors(model, { outDir: dir, emotions: ["happy", "sad"], corpus: unlabelled, layers: [3], progress: false }), {
      message: /have no "premise"/,
    });
  });

  it("names the problem: unknown emotions, malformed or empty corpora, missing emotions, bad layers", async () => {
    const corpusFile = path.join(tmp, "bad.jsonl");
    fs.writeFileSync(corpusFile, '{"emotion": "happy", "text": "ok", "premise": "a"}\nthis is not json\n');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [bin, "extract", requireModel(STORIES), "--out", path.join(tmp, "cli"), ...args], { encoding: "utf8" });
    const style = cli("--emotions", "happy,sad", "--prompt-style", "poem");
    assert.equal(style.status, 2);
    assert.match(style.stderr, /--prompt-style.*poem.*Allowed choices are auto, base, chat/s);
    assert.equal(fs.existsSync(path.join(tmp, "cli")), false, "nothing was written");
    const unknown = cli("--emotions", "happy,joyfull,sadd");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /joyfull/);
    assert.match(unknown.stderr, /joyful/);
    const malformed = cli("--emotions", "happy,sad", "--corpus", corpusFile);
    assert.equal(malformed.status, 1);
    assert.match(malformed.stderr, /line 2 is not JSON/);
    fs.writeFileSync(corpusFile, "\n\n");
    assert.match(cli("--emotions", "happy,sad", "--corpus", corpusFile).stderr, /has no stories/);
    await assert.rejects(
      extractEmotionVectors(model, { outDir: path.join(tmp, "m"), emotions: ["happy", "sad", "calm"], corpus: corpusLines, progress: false }),
      { message: /no stories for: calm/ },
    );
    await assert.rejects(
      extractEmotionVectors(model, { outDir: path.join(tmp, "l"), emotions: ["happy", "sad"], corpus: corpusLines, layers: [0], progress: false }),
      { code: "LAYER_OUT_OF_RANGE" },
    );
  });
});
