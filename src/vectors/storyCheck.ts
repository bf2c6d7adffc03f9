/** Checks a generated story: long enough, and it does not name its own emotion. */
import { EMOTION_SYNONYMS } from "./data/emotions.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The forbidden word the story uses, or null. Whole-word, case-insensitive. */
export function namedEmotionWord(emotion: string, story: string): string | null {
  const words = EMOTION_SYNONYMS[emotion] ?? [emotion];
  for (const word of words) {
    if (new RegExp(`\\b${escapeRegExp(word)}\\b`, "i").test(story)) return word;
  }
  return null;
}
