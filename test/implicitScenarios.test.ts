import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CORE_EMOTIONS } from "../src/vectors/data/emotions.js";
import { IMPLICIT_SCENARIOS } from "../src/vectors/data/implicitScenarios.js";
import { emotionWordsIn, nearDuplicates, repeatedOpenings, sentences, wordCount } from "../testing/textRules.js";

const texts = IMPLICIT_SCENARIOS.map((s) => s.text);

describe("implicit scenarios", () => {
  it("has six per core emotion and nothing else (72)", () => {
    assert.equal(IMPLICIT_SCENARIOS.length, 72);
    for (const e of CORE_EMOTIONS) assert.equal(IMPLICIT_SCENARIOS.filter((s) => s.emotion === e).length, 6, e);
    for (const s of IMPLICIT_SCENARIOS) assert.ok(CORE_EMOTIONS.includes(s.emotion), s.emotion);
  });

  it("is frozen", () => {
    assert.ok(Object.isFrozen(IMPLICIT_SCENARIOS));
    for (const s of IMPLICIT_SCENARIOS) assert.ok(Object.isFrozen(s));
  });

  it("never names an emotion (171 words, synonyms, inflections)", () => {
    const offending = IMPLICIT_SCENARIOS.map((s) => ({ s, words: emotionWordsIn(s.text) })).filter((x) => x.words.length > 0);
    assert.deepEqual(
      offending.map((x) => `${x.words.join(",")}: ${x.s.text}`),
      [],
    );
  });

  it("is a first-person message of one to four sentences", () => {
    for (const t of texts) {
      const n = sentences(t).length;
      assert.ok(n >= 1 && n <= 4, `${n} sentences: ${t}`);
      assert.ok(wordCount(t) >= 8 && wordCount(t) <= 80, `${wordCount(t)} words: ${t}`);
      assert.match(t, /\b(I|I'm|I've|I'd|my|me|we|our|us)\b/i, `not first person: ${t}`);
      assert.match(t, /^[A-Z"]/, t);
      assert.match(t, /[.!?"]$/, t);
    }
  });

  it("mixes questions and plain reports", () => {
    const asking = texts.filter((t) => t.includes("?")).length;
    assert.ok(asking >= 18 && asking <= 54, `${asking} of 72 ask a question`);
  });

  it("has no duplicates, near-duplicates or shared openings", () => {
    assert.equal(new Set(texts).size, texts.length);
    assert.deepEqual(nearDuplicates(texts, 0.4), []);
    assert.deepEqual(repeatedOpenings(texts, 3, 2), []);
  });
});
