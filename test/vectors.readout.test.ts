/**
 * On stories260K: masked tokens stay out of a story's average, retries keep the grid, every
 * consumer reads through the one readout (checked through the public API), and sets made before
 * the readout are refused with the command that upgrades them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import {
  extractEmotionVectors,
  generateWithGuard,
  loadModel,
  openReader,
  readVectorSet,
  startServer,
  traceTranscript,
  upgradeVectorSet,
  validateVectorSet,
  type Model,
} from "../src/index.js";
import { renderIntensityPrompt, INTENSITY_TEMPLATES } from "../src/vectors/data/intensity.js";
import { keptRows, readStory } from "../src/vectors/storyReading.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-readout-"));
const layer = 3;

describe("reading stories and the one readout on stories260K", () => {
  let model: Model;
  let setDir: string;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    const wave = (f: (j: number) => number) => Float32Array.from({ length: 64 }, (_, j) => f(j));
    setDir = await syntheticVectorSet(
      model,
      { calm: wave(Math.sin), desperate: wave((j) => Math.cos(j * 0.7)), afraid: wave((j) => Math.sin(j * 1.9 + 1)) },
      layer,
    );
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  it("leaves the tokens that name the emotion out of the story's mean, and never averages position 0", async () => {
    const text =
      "Lily was so happy at the park. She ran to the swings and laughed with her friend Tom. They played ball until the sun went down and it was time to go home for dinner.";
    const [read] = await model.forward([text], { layers: [layer] });
    const { rows, masked } = keptRows(model, "happy", text, read!.tokens, 4);
    const named = text.indexOf("happy");
    assert.ok(masked >= 1, "the word happy is masked");
    assert.equal(rows.includes(0), false);
    const plain = keptRows(model, "sad", text, read!.tokens, 4);
    assert.equal(plain.rows[0], 4, "the offset is min(4, 25% of the story)");
    assert.equal(plain.masked, 0);
    const maskedRows = plain.rows.filter((r) => !rows.includes(r));
    for (const r of maskedRows) assert.match(model.tokenText(read!.tokens[r]!), /^ ?(h|ha|hap|happ|happy|py|appy|ppy|y)$/i, `masked token ${r}`);
    assert.equal(plain.rows.length, rows.length + masked);
    // The mean is over the kept rows only: recompute it by hand.
    const story = readStory(read!.layers, 64, { rows, masked }, read!.tokens.length);
    const data = read!.layers.get(layer)!;
    const expected = new Float64Array(64);
    for (const r of rows) for (let j = 0; j < 64; j++) expected[j] = expected[j]! + data[r * 64 + j]! / rows.length;
    story.means.get(layer)!.forEach((x, j) => assert.ok(Math.abs(x - expected[j]!) < 1e-5));
    assert.ok(named > 0);
    const short = keptRows(model, null, "The end.", model.tokenize("The end."), 12);
    assert.equal(readStory(new Map(), 64, short, 4).rejected?.startsWith("too short"), true);
  });

  it("retries keep the grid: a cell that fails is redrawn on its own premise, up to three attempts", async () => {
    const dir = path.join(tmp, "short");
    // Stories of at most 12 tokens can never leave 16 to average: every cell is redrawn, always on its premise.
    await assert.rejects(
      extractEmotionVectors(model, {
        outDir: dir,
        emotions: ["happy", "sad"],
        storiesPerEmotion: 3,
        layers: [2],
        maxStoryTokens: 12,
        batchSize: 6,
        progress: false,
      }),
      { code: "EMPTY_INPUT" },
    );
    const db = new Database(path.join(dir, "extraction.sqlite"), { readonly: true });
    try {
      const rows = db.prepare("SELECT emotion, premise_index, attempt FROM stories ORDER BY emotion, premise_index, attempt").all() as {
        emotion: string;
        premise_index: number;
        attempt: number;
      }[];
      const premises = (e: string) => [...new Set(rows.filter((r) => r.emotion === e).map((r) => r.premise_index))];
      assert.equal(rows.length, 2 * 3 * 3);
      assert.deepEqual(premises("happy"), premises("sad"));
      assert.equal(premises("happy").length, 3);
      for (const e of ["happy", "sad"])
        for (const p of premises(e))
          assert.deepEqual(
            rows.filter((r) => r.emotion === e && r.premise_index === p).map((r) => r.attempt),
            [0, 1, 2],
          );
    } finally {
      db.close();
    }
  });

  it("every consumer reads through the same function: trace, guard, server telemetry and validation agree with openReader", async () => {
    const set = await readVectorSet(setDir);
    const reader = await openReader(model, set);
    const prompt = "Once upon a time there was a little dog";
    // Trace.
    const trace = await traceTranscript(model, set, { kind: "text", text: prompt }, { emotions: ["calm", "desperate", "afraid"] });
    const [read] = await model.forward([prompt], { layers: [layer] });
    trace.tokens.forEach((t, i) => {
      const expected = reader.read(read!.layers.get(layer)!, i * 64);
      expected.forEach((r, k) => assert.ok(Math.abs(t.values[reader.emotions[k]!]! - r.z) < 1e-9, `trace token ${i}`));
    });
    // Guard: its history is the reader's z on each generated token.
    const rows: Float32Array[] = [];
    const { generation, guard } = await generateWithGuard(
      model,
      set,
      { prompt, maxTokens: 8, seed: 2, onToken: (e) => rows.push(e.activations!.get(layer)!) },
      { watch: ["calm", "afraid"] },
    );
    await generation.result;
    guard.history.forEach((values, i) => {
      const expected = reader.select(["calm", "afraid"]).read(rows[i]!);
      assert.ok(Math.abs(values.calm! - expected[0]!.z) < 1e-9 && Math.abs(values.afraid! - expected[1]!.z) < 1e-9, `guard token ${i}`);
    });
    // Server telemetry: the tokens of a completion, read again from the same text.
    const server = await startServer({ model, vectors: setDir, port: 0 });
    try {
      const reply = (await (
        await fetch(`${server.url}/v1/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ prompt, max_tokens: 6, seed: 4, temperature: 0, limbic: { emotions: ["desperate"] } }),
        })
      ).json()) as { choices: { text: string }[]; limbic: { tokens: { emotions: Record<string, number> }[] } };
      // The same generation in process: its raw activations, read by the reader, must give the server's z.
      const generated: Float32Array[] = [];
      await model.generate({
        prompt,
        maxTokens: 6,
        seed: 4,
        temperature: 0,
        captureLayers: [layer],
        onToken: (e) => generated.push(e.activations!.get(layer)!),
      }).result;
      assert.equal(reply.limbic.tokens.length, generated.length);
      reply.limbic.tokens.forEach((t, i) => {
        const expected = reader.select(["desperate"]).read(generated[i]!)[0]!.z;
        assert.ok(Math.abs(t.emotions.desperate! - expected) < 1e-3, `server token ${i}: ${t.emotions.desperate} vs ${expected}`);
      });
    } finally {
      await server.close();
    }
    // Validation's intensity readouts: z at the reply-start token of each rendered prompt.
    const report = await validateVectorSet(model, set, { intensityEmotions: ["afraid"] });
    const template = INTENSITY_TEMPLATES[0]!;
    const prompts = template.values.map((v) => model.applyChatTemplate([{ role: "user", content: renderIntensityPrompt(template, v) }]).text);
    const states = await model.forward(prompts, { layers: [layer], positions: "last" });
    states.forEach((s, i) =>
      assert.ok(Math.abs(report.intensity[0]!.readouts.afraid![i]! - reader.select(["afraid"]).read(s.layers.get(layer)!)[0]!.z) < 1e-9),
    );
  });

  it("refuses a set made before the readout, naming the command that upgrades it; the upgrade makes it readable", async () => {
    const dir = path.join(tmp, "old-set");
    fs.cpSync(setDir, dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    delete manifest.readout;
    manifest.version = 1;
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    fs.rmSync(path.join(dir, "neutral.gguf"));
    const old = await readVectorSet(dir);
    await assert.rejects(openReader(model, old), { message: /limbic vectors upgrade <model\.gguf> .*old-set/ });
    const cli = spawnSync(
      process.execPath,
      [bin, "trace", requireModel(STORIES), dir, path.join(path.dirname(bin), "..", "examples", "transcripts", "coding-agent-special-case.json")],
      { encoding: "utf8" },
    );
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /limbic vectors upgrade/);
    const upgraded = spawnSync(process.execPath, [bin, "vectors", "upgrade", requireModel(STORIES), dir], { encoding: "utf8" });
    assert.equal(upgraded.status, 0, upgraded.stderr);
    const reader = await openReader(model, await readVectorSet(dir));
    assert.equal(reader.emotions.length, 3);
    // The upgrade measures what extraction measures: same μ and σ as the set it was copied from.
    const original = await openReader(model, await readVectorSet(setDir));
    reader.basis.mean.forEach((x, j) => assert.ok(Math.abs(x - original.basis.mean[j]!) < 1e-4));
    reader.basis.spread.forEach((s, k) => assert.ok(Math.abs(s - original.basis.spread[k]!) < 1e-4 * Math.max(1, s)));
    const again = await upgradeVectorSet(model, await readVectorSet(dir));
    assert.equal(again.version, 2);
  });

  it("refuses an extraction store written by an older Limbic instead of resuming it", async () => {
    const dir = path.join(tmp, "old-store");
    fs.mkdirSync(dir);
    const db = new Database(path.join(dir, "extraction.sqlite"));
    db.exec("CREATE TABLE stories (id INTEGER PRIMARY KEY, emotion TEXT); CREATE TABLE sums (emotion TEXT)");
    db.close();
    await assert.rejects(
      extractEmotionVectors(model, { outDir: dir, emotions: ["happy", "sad"], storiesPerEmotion: 2, layers: [2], resume: true, progress: false }),
      { message: /older Limbic .* Extract into a new folder/ },
    );
  });
});
