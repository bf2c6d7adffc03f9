/** Extraction as a library call: progress as events (onProgress) and a stop by AbortSignal that a resume continues, on stories260K with a corpus. */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadModel, type Model, type ProgressEvent } from "../src/index.js";
import { extractEmotionVectors } from "../src/vectors/extract.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-extract-signal-"));

// 20 situations, each written for both emotions: 40 stories, read 16 at a time (ticks at 16, 32, 40).
const corpus = Array.from({ length: 20 }, (_, p) => [
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
]).flat();

describe("extraction with signal and onProgress", () => {
  let model: Model;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("stops after the batch in hand with an AbortError, reports each step, and a resume finishes from there", async () => {
    const outDir = path.join(tmp, "set");
    const options = { outDir, emotions: ["happy", "sad"], corpus, layers: [3], tokenOffset: 2, heldOutFraction: 0.25 };
    const stop = new AbortController();
    const first: ProgressEvent[] = [];
    await assert.rejects(
      extractEmotionVectors(model, {
        ...options,
        signal: stop.signal,
        onProgress: (event) => {
          first.push(event);
          if (event.stage === "corpus" && event.done >= 16) stop.abort();
        },
      }),
      { name: "AbortError", code: "ABORTED", message: /^Stopped during the corpus at 16\/40: .* resume to continue\.$/ },
    );
    assert.deepEqual(first, [
      { stage: "corpus", done: 0, total: 40 },
      { stage: "corpus", done: 16, total: 40 },
    ]);
    assert.ok(!fs.existsSync(path.join(outDir, "manifest.json")), "an aborted extraction writes no vector set");

    const second: ProgressEvent[] = [];
    const result = await extractEmotionVectors(model, { ...options, resume: true, onProgress: (event) => second.push(event) });
    // The 16 stored stories are not read again: the corpus stage starts at 16.
    assert.deepEqual(
      second.filter((e) => e.stage === "corpus").map((e) => e.done),
      [16, 32, 40],
    );
    const neutral = second.filter((e) => e.stage === "neutral set");
    assert.ok(neutral.length >= 2 && neutral.at(-1)!.done === neutral.at(-1)!.total, JSON.stringify(neutral));
    assert.equal(result.stories, 40);
    assert.deepEqual(result.manifest.counts, { happy: 15, sad: 15 });
  });

  it("refuses to start when the signal is already aborted", async () => {
    const stop = new AbortController();
    stop.abort();
    await assert.rejects(
      extractEmotionVectors(model, { outDir: path.join(tmp, "never"), emotions: ["happy", "sad"], corpus, layers: [3], tokenOffset: 2, signal: stop.signal }),
      { code: "ABORTED" },
    );
  });
});
