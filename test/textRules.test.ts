import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emotionWordsFrom, emotionWordsIn, inflections, nearDuplicates, repeatedOpenings, sentences, wordCount } from "../testing/textRules.js";

describe("text rules for the hand-written sets", () => {
  it("catches emotion words with their simple inflections, whole words only", () => {
    assert.deepEqual(emotionWordsIn("Happier days"), ["happier"]);
    assert.deepEqual(emotionWordsIn("she was worried, then calmly left"), ["worried", "calmly"]);
    assert.deepEqual(emotionWordsIn("an over-confident driver"), ["confident"]);
    assert.deepEqual(emotionWordsIn("sadder still; the traps were set"), ["sadder", "traps"]);
    assert.deepEqual(emotionWordsIn("loves, hoping, kindness"), ["loves", "hoping", "kindness"]);
    assert.deepEqual(emotionWordsIn("finally at  ease"), ["at  ease"]);
    assert.deepEqual(emotionWordsIn("awesome Ireland, madam, spiteless? no: despite the garage"), []);
    assert.deepEqual(emotionWordsIn("The kettle boiled and she poured the tea."), []);
  });

  it("builds inflections including e-drop, y->i and doubled consonants", () => {
    for (const f of ["inspiring", "inspired", "inspires"]) assert.ok(inflections("inspire").includes(f), f);
    for (const f of ["worried", "worries", "worrying"]) assert.ok(inflections("worry").includes(f), f);
    assert.ok(inflections("mad").includes("madder"));
    assert.ok(!inflections("calm").includes("calmmed"));
  });

  it("restricts to chosen emotions when asked", () => {
    const core = emotionWordsFrom(["afraid", "calm"]);
    assert.deepEqual(core("a fearful, calmer night; the dependency was missing"), ["fearful", "calmer"]);
  });

  it("counts sentences through dialogue and words through hyphens", () => {
    assert.equal(sentences('"Why?" she asked. He left. "Go," he said. It was 3 a.m. by then.').length, 4);
    assert.equal(wordCount("A well-known twenty-year-old isn't late."), 5);
  });

  it("finds near-duplicates and repeated openings", () => {
    assert.equal(nearDuplicates(["The cat sat on the warm mat today.", "The cat sat on the cold mat today."], 0.6).length, 1);
    assert.equal(nearDuplicates(["A boat drifted by the pier.", "Snow fell over the quiet town."], 0.6).length, 0);
    assert.deepEqual(repeatedOpenings(["I just got home.", "I just got paid.", "I just got back."], 3, 2), ['"i just got" x3']);
  });
});
