import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CORE_EMOTIONS } from "../src/vectors/data/emotions.js";
import { emotionWordsIn, nearDuplicates, repeatedOpenings, sentences, wordCount } from "../testing/textRules.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const corpusFile = path.join(root, "examples", "corpus", "core12-situations.jsonl");

interface Situation {
  emotion: string;
  text: string;
  id: string;
}

const lines = fs
  .readFileSync(corpusFile, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");
const items = lines.map((line) => JSON.parse(line) as Situation);
const texts = items.map((s) => s.text);
/** First person when the narration (quoted speech removed) uses I, me, my, we, our or us. */
const firstPerson = (text: string): boolean => /\b(I|I'm|I've|I'd|I'll|me|my|myself|we|our|us)\b/i.test(text.replace(/"[^"]*"/g, ""));

describe("hand-written core-12 corpus", () => {
  it("has 24 situations for each core emotion (288 lines), each {emotion, text, id}", () => {
    assert.equal(items.length, 288);
    for (const s of items) {
      assert.deepEqual(Object.keys(s).sort(), ["emotion", "id", "text"], JSON.stringify(s));
      assert.equal(typeof s.text, "string");
      assert.ok(CORE_EMOTIONS.includes(s.emotion), s.emotion);
    }
    for (const e of CORE_EMOTIONS) assert.equal(items.filter((s) => s.emotion === e).length, 24, e);
  });

  it("has unique ids named after the emotion", () => {
    assert.equal(new Set(items.map((s) => s.id)).size, items.length);
    for (const s of items) assert.match(s.id, new RegExp(`^${s.emotion}-\\d{2}$`), s.id);
  });

  it("never names an emotion (171 words, synonyms, inflections)", () => {
    const offending = items.map((s) => ({ s, words: emotionWordsIn(s.text) })).filter((x) => x.words.length > 0);
    assert.deepEqual(
      offending.map((x) => `${x.s.id} ${x.words.join(",")}`),
      [],
    );
  });

  it("keeps each text to two to four sentences and 30 to 90 words", () => {
    for (const s of items) {
      const n = sentences(s.text).length;
      const w = wordCount(s.text);
      assert.ok(n >= 2 && n <= 4, `${s.id}: ${n} sentences`);
      assert.ok(w >= 30 && w <= 90, `${s.id}: ${w} words`);
      assert.match(s.text, /^[A-Z"]/, s.id);
      assert.match(s.text, /[.!?"]$/, s.id);
    }
  });

  it("mixes first and third person within every emotion", () => {
    for (const e of CORE_EMOTIONS) {
      const own = items.filter((s) => s.emotion === e);
      const first = own.filter((s) => firstPerson(s.text)).length;
      assert.ok(first >= 8 && own.length - first >= 8, `${e}: ${first} first person of ${own.length}`);
    }
  });

  it("has no duplicates, near-duplicates or shared openings", () => {
    assert.equal(new Set(texts).size, texts.length);
    assert.deepEqual(nearDuplicates(texts, 0.4), []);
    assert.deepEqual(repeatedOpenings(texts, 3, 2), []);
  });

  it("has a README naming the rule and the command that uses it", () => {
    const readme = fs.readFileSync(path.join(root, "examples", "corpus", "README.md"), "utf8");
    assert.match(readme, /limbic validate <model> <set> --corpus examples\/corpus\/core12-situations\.jsonl/);
    assert.match(readme, /blind/);
  });
});
