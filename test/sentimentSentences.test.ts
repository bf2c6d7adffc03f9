import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SENTIMENT_SENTENCES } from "../src/vectors/data/sentiment.js";
import { emotionWordsIn, nearDuplicates, repeatedOpenings, sentences, wordCount } from "../testing/textRules.js";

const texts = SENTIMENT_SENTENCES.map((s) => s.text);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("sentiment sentences", () => {
  it("has 48 positive and 48 negative sentences, frozen", () => {
    assert.equal(SENTIMENT_SENTENCES.length, 96);
    assert.equal(SENTIMENT_SENTENCES.filter((s) => s.valence === "positive").length, 48);
    assert.equal(SENTIMENT_SENTENCES.filter((s) => s.valence === "negative").length, 48);
    assert.ok(Object.isFrozen(SENTIMENT_SENTENCES));
    for (const s of SENTIMENT_SENTENCES) assert.ok(Object.isFrozen(s));
  });

  it("comes in topic pairs, positive then negative, so topic does not predict valence", () => {
    SENTIMENT_SENTENCES.forEach((s, i) => assert.equal(s.valence, i % 2 === 0 ? "positive" : "negative", `item ${i}: ${s.text}`));
  });

  it("shows valence by events, never by an emotion word", () => {
    const offending = SENTIMENT_SENTENCES.map((s) => ({ s, words: emotionWordsIn(s.text) })).filter((x) => x.words.length > 0);
    assert.deepEqual(
      offending.map((x) => `${x.words.join(",")}: ${x.s.text}`),
      [],
    );
  });

  it("is one sentence of 8 to 25 words each, with similar lengths on both sides", () => {
    for (const t of texts) {
      assert.equal(sentences(t).length, 1, t);
      assert.ok(wordCount(t) >= 8 && wordCount(t) <= 25, `${wordCount(t)} words: ${t}`);
      assert.match(t, /^[A-Z].*[.!]$/, t);
    }
    const byValence = (v: string) => SENTIMENT_SENTENCES.filter((s) => s.valence === v).map((s) => wordCount(s.text));
    const gap = Math.abs(mean(byValence("positive")) - mean(byValence("negative")));
    assert.ok(gap < 2, `mean length differs by ${gap.toFixed(2)} words`);
  });

  it("has no duplicates, near-duplicates or shared openings", () => {
    assert.equal(new Set(texts).size, texts.length);
    assert.deepEqual(nearDuplicates(texts, 0.4), []);
    assert.deepEqual(repeatedOpenings(texts, 3, 2), []);
  });
});
