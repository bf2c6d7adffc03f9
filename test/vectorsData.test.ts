import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { ALL_EMOTIONS, CORE_EMOTIONS, EMOTION_SYNONYMS, resolveEmotionList } from "../src/vectors/data/emotions.js";
import { STORY_PREMISES } from "../src/vectors/data/premises.js";
import { NEUTRAL_DIALOGUES, NEUTRAL_PROMPTS, STORY_VARIANTS, storyPromptForBase, storyPromptForChat } from "../src/vectors/data/prompts.js";
import { INTENSITY_TEMPLATES, renderIntensityPrompt } from "../src/vectors/data/intensity.js";

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Emotion words that appear in `text` as whole words (multi-word ones as whole phrases). */
function emotionWordsIn(text: string): string[] {
  return ALL_EMOTIONS.filter((e) => new RegExp(`(^|[^a-z-])${escapeRe(e)}($|[^a-z-])`, "i").test(text));
}

describe("emotion vocabulary", () => {
  it("has the paper's 171 unique words, alphabetical", () => {
    assert.equal(ALL_EMOTIONS.length, 171);
    assert.equal(new Set(ALL_EMOTIONS).size, 171);
    assert.deepEqual(
      [...ALL_EMOTIONS],
      [...ALL_EMOTIONS].sort((a, b) => a.localeCompare(b)),
    );
    for (const w of ["at ease", "on edge", "worn out", "grief-stricken", "self-confident", "hope", "hopeful"]) assert.ok(ALL_EMOTIONS.includes(w), w);
  });

  it("is exactly the paper's list (fingerprint taken from the list as published)", () => {
    const fingerprint = createHash("sha256").update(ALL_EMOTIONS.join(", ")).digest("hex");
    assert.equal(fingerprint, "1f1499541ec384206a378d4ad9170355b9471383cae2848239f18952db3acf45");
  });

  it("has the 12 core emotions, all drawn from the full list", () => {
    assert.equal(CORE_EMOTIONS.length, 12);
    assert.equal(new Set(CORE_EMOTIONS).size, 12);
    for (const e of CORE_EMOTIONS) assert.ok(ALL_EMOTIONS.includes(e), e);
  });

  it("gives every emotion a short lowercase synonym list that includes the word", () => {
    assert.deepEqual(Object.keys(EMOTION_SYNONYMS).sort(), [...ALL_EMOTIONS].sort());
    for (const e of ALL_EMOTIONS) {
      const list = EMOTION_SYNONYMS[e];
      assert.ok(list, `no synonyms for ${e}`);
      assert.ok(list.length >= 1 && list.length <= 6, `${e}: ${list.length} synonyms`);
      assert.ok(list.includes(e), `${e} not in its own list`);
      for (const w of list) assert.equal(w, w.toLowerCase(), `${e}: ${w} not lowercase`);
      assert.equal(new Set(list).size, list.length, `${e}: duplicate synonym`);
    }
  });
});

describe("resolveEmotionList", () => {
  it("expands all and core12", () => {
    assert.equal(resolveEmotionList("all").length, 171);
    assert.deepEqual(resolveEmotionList("core12"), [...CORE_EMOTIONS]);
  });

  it("accepts a comma-separated list, forgiving case, spaces and repeats", () => {
    assert.deepEqual(resolveEmotionList(" Calm, desperate ,on  edge,calm"), ["calm", "desperate", "on edge"]);
  });

  it("names each unknown word and suggests near ones", () => {
    assert.throws(
      () => resolveEmotionList("calm,desprate,joyfull"),
      (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /"desprate"/);
        assert.match(err.message, /"joyfull"/);
        assert.match(err.message, /desperate/);
        assert.match(err.message, /joyful/);
        assert.doesNotMatch(err.message, /"calm" \(/);
        return true;
      },
    );
    assert.throws(() => resolveEmotionList(" , "), /No emotions/);
  });
});

describe("story premises", () => {
  it("has 100 unique one-sentence premises", () => {
    assert.equal(STORY_PREMISES.length, 100);
    assert.equal(new Set(STORY_PREMISES).size, 100);
    for (const p of STORY_PREMISES) assert.match(p, /^[A-Z].*[.?!"]$/, p);
  });

  it("never names an emotion", () => {
    for (const p of STORY_PREMISES) assert.deepEqual(emotionWordsIn(p), [], p);
  });
});

describe("story prompts", () => {
  const premise = STORY_PREMISES[0] ?? "";

  it("chat prompts carry the premise and the emotion, and forbid naming it", () => {
    for (const e of ["afraid", "at ease", "grief-stricken"]) {
      const p = storyPromptForChat(e, premise, 0);
      assert.ok(p.includes(premise));
      assert.ok(p.includes(`"${e}"`));
      assert.match(p, /[Dd]o not use the word/);
    }
  });

  it("chat prompts are deterministic and the 12 variants all differ", () => {
    const variants = Array.from({ length: STORY_VARIANTS }, (_, v) => storyPromptForChat("calm", premise, v));
    assert.equal(new Set(variants).size, STORY_VARIANTS);
    assert.equal(storyPromptForChat("calm", premise, 5), variants[5]);
    assert.equal(storyPromptForChat("calm", premise, 5 + STORY_VARIANTS), variants[5]);
    assert.ok(variants.some((p) => /first person/.test(p)) && variants.some((p) => /third person/.test(p)));
    assert.ok(variants.some((p) => /past tense/.test(p)) && variants.some((p) => /present tense/.test(p)));
  });

  it("base prompts are short, carry premise and emotion, and vary", () => {
    const variants = Array.from({ length: STORY_VARIANTS }, (_, v) => storyPromptForBase("proud", premise, v));
    assert.equal(new Set(variants).size, STORY_VARIANTS);
    for (const p of variants) {
      assert.ok(p.includes(premise));
      assert.ok(p.includes("proud"));
      assert.ok(p.length < 400, `base prompt too long: ${p.length}`);
      assert.ok(!p.endsWith("\n"), "the prompt should end inside the story");
    }
  });
});

describe("neutral material", () => {
  it("has 60 unique neutral requests with no emotion words", () => {
    assert.equal(NEUTRAL_PROMPTS.length, 60);
    assert.equal(new Set(NEUTRAL_PROMPTS).size, 60);
    for (const p of NEUTRAL_PROMPTS) assert.deepEqual(emotionWordsIn(p), [], p);
  });

  it("has 40 short neutral dialogues with no emotion words", () => {
    assert.equal(NEUTRAL_DIALOGUES.length, 40);
    assert.equal(new Set(NEUTRAL_DIALOGUES.map((d) => d.user)).size, 40);
    for (const d of NEUTRAL_DIALOGUES) {
      assert.deepEqual(emotionWordsIn(`${d.user} ${d.assistant}`), [], d.user);
      const sentences = d.assistant.split(/(?<=[.!?])\s+(?=[A-Z0-9])/).length;
      assert.ok(sentences >= 2 && sentences <= 4, `${d.user}: ${sentences} sentences`);
    }
  });
});

describe("intensity templates", () => {
  it("has the required templates with {X}, monotonic values and known emotions", () => {
    assert.ok(INTENSITY_TEMPLATES.length >= 5);
    assert.equal(new Set(INTENSITY_TEMPLATES.map((t) => t.id)).size, INTENSITY_TEMPLATES.length);
    for (const id of ["painkiller-dose", "hours-without-water", "startup-runway"])
      assert.ok(
        INTENSITY_TEMPLATES.some((t) => t.id === id),
        id,
      );
    for (const t of INTENSITY_TEMPLATES) {
      assert.ok(t.template.includes("{X}"), t.id);
      assert.ok(t.values.length >= 8, `${t.id}: ${t.values.length} values`);
      // Values run harmless -> dangerous: ascending, except where less is worse (runway).
      const sign = t.id === "startup-runway" ? -1 : 1;
      for (let i = 1; i < t.values.length; i++) assert.ok(sign * ((t.values[i] ?? 0) - (t.values[i - 1] ?? 0)) > 0, `${t.id} at ${i}`);
      for (const e of [...t.expected.rises, ...t.expected.falls]) assert.ok(ALL_EMOTIONS.includes(e), `${t.id}: ${e}`);
      assert.ok(t.expected.rises.length > 0 && t.expected.falls.length > 0);
    }
  });

  it("renders the number as a person would write it", () => {
    const dose = INTENSITY_TEMPLATES.find((t) => t.id === "painkiller-dose");
    assert.ok(dose);
    const text = renderIntensityPrompt(dose, 16000);
    assert.ok(text.includes("16,000 mg"));
    assert.ok(!text.includes("{X}"));
  });
});
