/**
 * Extraction from a given corpus ({emotion, text, premise?} per story) instead of written stories.
 * Its premises form the grid: held-out premises are chosen among those every emotion shares, so
 * the split stays balanced; a corpus that cannot give such a split is refused before any work.
 */
import fs from "node:fs/promises";
import { fetchTokenBytes } from "../engine/tokenByteSource.js";
import { InvalidInputError, readError } from "../errors.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { createProgress, type ProgressOptions } from "../util/progress.js";
import { heldOutPositions } from "./grid.js";
import type { ExtractionStore } from "./store.js";
import { keptRows, readStory } from "./storyReading.js";

export interface CorpusStory {
  emotion: string;
  text: string;
  /** Stories written for the same situation share a premise; held-out premises are held out for every emotion. */
  premise?: string;
}

export interface CorpusGridItem {
  emotion: string;
  text: string;
  premiseIndex: number;
  attempt: number;
  heldOut: boolean;
}

/** Numbers the corpus's premises, picks the held-out ones among the shared premises, and checks the split. */
export function planCorpus(
  corpus: readonly CorpusStory[],
  emotions: readonly string[],
  heldOutFraction: number,
  heldOutPremises?: readonly string[],
): { items: CorpusGridItem[]; premises: string[]; heldOut: string[] } {
  const known = new Set(emotions);
  corpus.forEach((story, i) => {
    if (!known.has(story.emotion))
      throw new InvalidInputError("INVALID_ARGUMENT", `Corpus story ${i + 1}: emotion "${story.emotion}" is not among the extracted emotions.`, {
        line: i + 1,
      });
  });
  const missing = emotions.filter((e) => !corpus.some((s) => s.emotion === e));
  if (missing.length) throw new InvalidInputError("EMPTY_INPUT", `The corpus has no stories for: ${missing.join(", ")}.`, { missing });
  const unlabelled = corpus.filter((s) => s.premise === undefined).length;
  if (heldOutFraction > 0 && unlabelled > 0) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `${unlabelled} corpus stories have no "premise". A held-out split must hold out the same premises for every emotion: give each story a "premise" (stories written for the same situation share one), or hold out nothing (a held-out fraction of 0).`,
      { unlabelled, option: "heldOutFraction" },
    );
  }
  const premises = [...new Set(corpus.map((s) => s.premise ?? ""))].sort();
  const byPremise = new Map(premises.map((p) => [p, new Set(corpus.filter((s) => (s.premise ?? "") === p).map((s) => s.emotion))]));
  const shared = premises.filter((p) => emotions.every((e) => byPremise.get(p)!.has(e)));
  const heldPositions = heldOutPositions(shared.length, heldOutFraction);
  // A given split (the self-written grid's, so both writers hold out the same premises) replaces the positional one.
  const heldOut = heldOutPremises ? [...heldOutPremises] : shared.filter((_, i) => heldPositions.has(i));
  const unshared = heldOut.filter((p) => !shared.includes(p));
  if (unshared.length)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `${unshared.length} held-out premise${unshared.length === 1 ? " is" : "s are"} not written for every emotion of the corpus (first: "${unshared[0]}"); a held-out premise must be shared by all of them.`,
      { unshared },
    );
  if (heldOutFraction > 0 && (heldOut.length === 0 || shared.length - heldOut.length < 1)) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `The corpus's emotions share ${shared.length} premise${shared.length === 1 ? "" : "s"} (a premise every emotion has a story for); a balanced held-out split of ${heldOutFraction} needs at least ${Math.max(2, Math.round(1 / heldOutFraction))}. Write every emotion for more of the same premises, or hold out nothing (a held-out fraction of 0).`,
      { shared: shared.length, option: "heldOutFraction" },
    );
  }
  const attempts = new Map<string, number>();
  const items = corpus.map((s) => {
    const premise = s.premise ?? "";
    const key = `${s.emotion}\u0000${premise}`;
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    return { emotion: s.emotion, text: s.text, premiseIndex: premises.indexOf(premise), attempt, heldOut: heldOut.includes(premise) };
  });
  return { items, premises, heldOut };
}

/** Reads every corpus story not yet stored, 16 at a time, storing each as it is read. */
export async function readCorpus(
  model: LanguageModel,
  store: ExtractionStore,
  items: readonly CorpusGridItem[],
  layers: number[],
  tokenOffset: number,
  progressOptions: ProgressOptions,
): Promise<void> {
  const stored = new Set(store.stories().map((s) => `${s.emotion}\u0000${s.premiseIndex}\u0000${s.attempt}`));
  const pending = items.filter((s) => !stored.has(`${s.emotion}\u0000${s.premiseIndex}\u0000${s.attempt}`));
  const progress = createProgress("corpus", items.length, { alreadyDone: items.length - pending.length, ...progressOptions });
  let done = items.length - pending.length;
  const n = model.info.nEmbd;
  for (let start = 0; start < pending.length; start += 16) {
    const batch = pending.slice(start, start + 16);
    const reads = await model.forward(
      batch.map((s) => s.text),
      { layers },
    );
    const pieces = await fetchTokenBytes(
      model,
      reads.flatMap((r) => Array.from(r.tokens)),
    );
    batch.forEach((story, i) => {
      const read = reads[i]!;
      const result = readStory(read.layers, n, keptRows(pieces, story.emotion, story.text, read.tokens, tokenOffset), read.tokens.length);
      store.addStory(
        {
          emotion: story.emotion,
          premiseIndex: story.premiseIndex,
          attempt: story.attempt,
          variant: 0,
          text: story.text,
          tokens: result.tokens,
          kept: result.kept,
          masked: result.masked,
          heldOut: story.heldOut,
          rejected: result.rejected,
        },
        result.means,
        result.normSums,
      );
    });
    done += batch.length;
    progress.tick(done);
  }
  progress.finish();
}

/** A corpus file: one {"emotion", "text", "premise"?} per line, checked line by line. */
export async function readCorpusFile(file: string): Promise<CorpusStory[]> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    throw readError(error, `Cannot read corpus ${file}: ${(error as Error).message}`, { file });
  }
  const stories: CorpusStory[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new InvalidInputError("INVALID_ARGUMENT", `Corpus ${file} line ${i + 1} is not JSON; each line must be {"emotion": ..., "text": ...}.`, {
        line: i + 1,
      });
    }
    const { emotion, text: story, premise } = (row ?? {}) as { emotion?: unknown; text?: unknown; premise?: unknown };
    if (typeof emotion !== "string" || typeof story !== "string" || !story.trim()) {
      throw new InvalidInputError("INVALID_ARGUMENT", `Corpus ${file} line ${i + 1} needs a string "emotion" and a non-empty string "text".`, { line: i + 1 });
    }
    if (premise !== undefined && typeof premise !== "string" && typeof premise !== "number") {
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `Corpus ${file} line ${i + 1}: "premise" must be a string or a number naming the situation the story was written for.`,
        { line: i + 1 },
      );
    }
    stories.push({ emotion, text: story, ...(premise !== undefined ? { premise: String(premise) } : {}) });
  });
  if (stories.length === 0) throw new InvalidInputError("EMPTY_INPUT", `Corpus ${file} has no stories.`, { file });
  return stories;
}
