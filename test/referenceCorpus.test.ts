/** The shipped reference corpus: covers its grids, never names its emotion, stays apart from the validation corpus. */
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, it } from "node:test";
import { ALL_EMOTIONS, CORE_EMOTIONS } from "../src/vectors/data/emotions.js";
import { STORY_PREMISES } from "../src/vectors/data/premises.js";
import { namedEmotionSpans } from "../src/vectors/emotionWords.js";
import { planGrid } from "../src/vectors/grid.js";
import { readCorpusFile } from "../src/vectors/corpus.js";
import { REFERENCE_CORPUS_FILE, referenceCorpusFor } from "../src/vectors/referenceCorpus.js";

describe("reference story corpus", () => {
  it("covers the core 12 on the self-written grid's 20 premises and all 171 on its first 6, with the same held-out premises", async () => {
    const core = await referenceCorpusFor(planGrid(CORE_EMOTIONS, STORY_PREMISES.length, 20, 0.2, 1));
    assert.equal(core.stories.length, 240);
    const all = await referenceCorpusFor(planGrid(ALL_EMOTIONS, STORY_PREMISES.length, 6, 0.2, 1));
    assert.equal(all.stories.length, 171 * 6);
    const grid = planGrid(CORE_EMOTIONS, STORY_PREMISES.length, 20, 0.2, 1);
    assert.deepEqual(
      core.heldOutPremises,
      grid.premises.filter((p) => p.heldOut).map((p) => STORY_PREMISES[p.index]),
    );
    await assert.rejects(referenceCorpusFor(planGrid(CORE_EMOTIONS, STORY_PREMISES.length, 21, 0.2, 1)), { message: /no story for 12 cells/ });
  });

  it("never names a story's own emotion (word family and inflections), and shares no text with the validation corpus", async () => {
    const stories = await readCorpusFile(REFERENCE_CORPUS_FILE);
    const naming = stories
      .filter((s) => namedEmotionSpans(s.emotion, s.text).length > 0)
      .map((s) => `${s.emotion}: ${namedEmotionSpans(s.emotion, s.text)[0]!.word}`);
    assert.deepEqual(naming, []);
    assert.equal(new Set(stories.map((s) => s.text)).size, stories.length, "a story appears twice");
    for (const s of stories) assert.ok(STORY_PREMISES.includes(s.premise!), `premise not among STORY_PREMISES: ${s.premise}`);
    const validation = fs
      .readFileSync(new URL("../../examples/corpus/core12-situations.jsonl", import.meta.url), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const openings = new Set(validation.map((t) => t.slice(0, 40)));
    assert.deepEqual(
      stories.filter((s) => openings.has(s.text.slice(0, 40))),
      [],
    );
  });
});
