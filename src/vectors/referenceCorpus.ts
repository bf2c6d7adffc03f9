/**
 * Limbic's reference story corpus: stories written by a careful human-grade writer for the Limbic
 * project (not by the model under study), on the same shared premises as self-written extraction
 * (STORY_PREMISES), never naming their emotion. It lets "who wrote the stories" be measured: the
 * same grid and held-out split, read instead of generated.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../errors.js";
import { readCorpusFile, type CorpusStory } from "./corpus.js";
import { STORY_PREMISES } from "./data/premises.js";
import type { Grid } from "./grid.js";

/** The corpus file shipped with the package (examples/corpus/reference-stories.jsonl). */
export const REFERENCE_CORPUS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "examples",
  "corpus",
  "reference-stories.jsonl",
);

/** The name `--corpus` accepts for the shipped corpus. */
export const REFERENCE_CORPUS_NAME = "reference";

/** The reference stories for a grid's emotions and premises, with the grid's held-out premises; refuses a grid the corpus does not cover. */
export async function referenceCorpusFor(grid: Grid): Promise<{ stories: CorpusStory[]; heldOutPremises: string[] }> {
  const all = await readCorpusFile(REFERENCE_CORPUS_FILE);
  const premises = new Set(grid.premises.map((p) => STORY_PREMISES[p.index]!));
  const emotions = new Set(grid.emotions);
  const stories = all.filter((s) => emotions.has(s.emotion) && s.premise !== undefined && premises.has(s.premise));
  const have = new Set(stories.map((s) => `${s.emotion}\u0000${s.premise}`));
  const missing = grid.emotions.flatMap((e) => [...premises].filter((p) => !have.has(`${e}\u0000${p}`)).map((p) => `${e} on "${p.slice(0, 40)}…"`));
  if (missing.length) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `The reference corpus has no story for ${missing.length} cell${missing.length === 1 ? "" : "s"} of this grid (first: ${missing[0]}). It covers the core 12 on 20 premises and all 171 on 6: ask for those, or fewer premises.`,
      { missing: missing.length },
    );
  }
  return { stories, heldOutPremises: grid.premises.filter((p) => p.heldOut).map((p) => STORY_PREMISES[p.index]!) };
}
