/**
 * Finds where a text names an emotion: the emotion's word family (its listed synonyms and their
 * regular inflections: -s, -ed, -ing, -ly, -ness, -er, y->i forms, doubled final consonants).
 * Extraction keeps stories that name their emotion and leaves those words' tokens out of the
 * average, so stories that really carry the feeling are not thrown away.
 */
import { EMOTION_SYNONYMS } from "./data/emotions.js";

const SUFFIXES = ["", "s", "es", "ed", "d", "ing", "ly", "ness", "er", "est", "ful", "fully"];
const Y_SUFFIXES = ["ies", "ied", "ier", "iest", "ily", "iness", "iful"];
const DOUBLED_SUFFIXES = ["er", "est", "ed", "ing", "en", "ened", "ening"];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every surface form of one word (or phrase: inflections go on its last word). */
export function wordForms(word: string): string[] {
  const w = word.toLowerCase();
  const forms = new Set(SUFFIXES.map((s) => w + s));
  if (w.endsWith("y")) for (const s of Y_SUFFIXES) forms.add(w.slice(0, -1) + s);
  if (w.endsWith("e")) for (const s of ["ing", "ed", "er", "est"]) forms.add(w.slice(0, -1) + s);
  if (/[^aeiou][aeiou][bdgmnprt]$/.test(w)) for (const s of DOUBLED_SUFFIXES) forms.add(w + w.slice(-1) + s);
  return [...forms];
}

const patterns = new Map<string, RegExp>();

/** A global, case-insensitive pattern for the emotion's whole word family. */
export function emotionWordPattern(emotion: string): RegExp {
  let pattern = patterns.get(emotion);
  if (!pattern) {
    const words = new Set([emotion, ...(EMOTION_SYNONYMS[emotion] ?? [])]);
    const alternatives = [...words]
      .flatMap(wordForms)
      .sort((a, b) => b.length - a.length)
      .map((f) => escapeRegExp(f).replace(/\s+/g, "\\s+"));
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
    patterns.set(emotion, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

export interface NamedSpan {
  start: number;
  end: number;
  word: string;
}

/** Where `text` names `emotion` (character offsets), in order. */
export function namedEmotionSpans(emotion: string, text: string): NamedSpan[] {
  return [...text.matchAll(emotionWordPattern(emotion))].map((m) => ({ start: m.index!, end: m.index! + m[0].length, word: m[0] }));
}
