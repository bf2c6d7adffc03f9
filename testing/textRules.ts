/**
 * Checks shared by the tests of the hand-written evaluation texts: which emotion words a text
 * names (so items show an emotion without naming it), sentence and word counts, and near-duplicates.
 */
import { ALL_EMOTIONS, EMOTION_SYNONYMS } from "../src/vectors/data/emotions.js";

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const vowel = (c: string | undefined): boolean => c !== undefined && "aeiou".includes(c);

/** A single word and its simple inflections: -s, -es, -ed, -ing, -ly, -ness, -er, -est, e-drop, y->i, doubled final consonant. */
export function inflections(word: string): string[] {
  const forms = new Set([word]);
  for (const suffix of ["s", "es", "ed", "ing", "ly", "ness", "er", "est"]) forms.add(word + suffix);
  const last = word.at(-1);
  const stem = word.slice(0, -1);
  if (last === "e") for (const suffix of ["d", "r", "st", "ing"]) forms.add((suffix === "ing" ? stem : word) + suffix);
  if (last === "y") for (const suffix of ["ies", "ied", "ier", "iest", "ily", "iness"]) forms.add(stem + suffix);
  // mad -> madder, sad -> sadder, trap -> trapped: consonant, vowel, consonant at the end.
  const n = word.length;
  if (n >= 3 && last !== undefined && !vowel(last) && !"wxy".includes(last) && vowel(word[n - 2]) && !vowel(word[n - 3])) {
    for (const suffix of ["ed", "ing", "er", "est"]) forms.add(word + last + suffix);
  }
  return [...forms];
}

/** Every listed form: the 171 words and their synonym lists, single words with their inflections. */
function forbiddenForms(words: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const w of words) {
    if (/[\s]/.test(w)) out.add(w);
    else for (const f of inflections(w)) out.add(f);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function matcher(words: Iterable<string>): RegExp {
  const alternatives = forbiddenForms(words).map((f) => escapeRe(f).replace(/ /g, "\\s+"));
  // Whole words only: a hyphen or apostrophe separates words too ("over-confident" is caught).
  return new RegExp(`(?<![a-z])(${alternatives.join("|")})(?![a-z])`, "gi");
}

const ALL_WORDS = [...ALL_EMOTIONS, ...Object.values(EMOTION_SYNONYMS).flat()];
const allMatcher = matcher(ALL_WORDS);

/** Emotion words (any of the 171, their synonyms, simple inflections) that `text` contains. */
export function emotionWordsIn(text: string): string[] {
  return [...new Set([...text.matchAll(allMatcher)].map((m) => (m[1] ?? "").toLowerCase()))];
}

/** The same, restricted to the given emotions and their synonym lists. */
export function emotionWordsFrom(emotions: readonly string[]): (text: string) => string[] {
  const re = matcher(emotions.flatMap((e) => [e, ...(EMOTION_SYNONYMS[e] ?? [])]));
  return (text) => [...new Set([...text.matchAll(re)].map((m) => (m[1] ?? "").toLowerCase()))];
}

/** Words as a reader counts them: runs of letters, digits, apostrophes and inner hyphens. */
export function wordCount(text: string): number {
  return (text.match(/[A-Za-z0-9'’]+(?:[-–][A-Za-z0-9'’]+)*/g) ?? []).length;
}

/**
 * Sentences: a split after . ! or ? (and any closing quote or bracket) where the next word starts
 * with a capital, digit or opening quote. Dialogue such as "Why?" she asked. stays one sentence.
 */
export function sentences(text: string): string[] {
  return text
    .trim()
    .split(/(?<=[.!?…]["”’)]?)\s+(?=["“‘(]?[A-Z0-9])/)
    .filter((s) => s.length > 0);
}

function tokenSet(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z0-9']+/g) ?? []).filter((w) => w.length > 2));
}

/** Jaccard overlap of the word sets (words of three letters or more). */
export function overlap(a: string, b: string): number {
  const x = tokenSet(a);
  const y = tokenSet(b);
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Pairs of texts whose word overlap reaches `limit`: near-duplicates or slot-filled templates. */
export function nearDuplicates(texts: readonly string[], limit: number): string[] {
  const found: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const score = overlap(texts[i] ?? "", texts[j] ?? "");
      if (score >= limit) found.push(`${score.toFixed(2)}: "${texts[i]}" / "${texts[j]}"`);
    }
  }
  return found;
}

/** Openings (first `n` words, lower case) shared by more than `max` texts. */
export function repeatedOpenings(texts: readonly string[], n: number, max: number): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const key = (t.toLowerCase().match(/[a-z0-9']+/g) ?? []).slice(0, n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, c]) => c > max).map(([k, c]) => `"${k}" x${c}`);
}
