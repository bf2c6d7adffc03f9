/**
 * The balanced premise x emotion grid of an extraction: every emotion is written for the same
 * premises, the same premises are held out for every emotion, and a cell whose story fails is
 * redrawn on the same premise with a new seed, so retries never unbalance the grid.
 */
import { InvalidInputError } from "../errors.js";
import { STORY_VARIANTS } from "./data/prompts.js";
import { mulberry32 } from "./stats.js";

/** Attempts per cell before it is left empty. */
export const MAX_ATTEMPTS = 3;

export interface GridPremise {
  /** Index into the premise list (STORY_PREMISES, or the corpus's premises). */
  index: number;
  /** Narration variant, shared by every emotion written for this premise. */
  variant: number;
  heldOut: boolean;
}

export interface Grid {
  emotions: readonly string[];
  premises: readonly GridPremise[];
}

export interface CellJob {
  emotion: string;
  emotionIndex: number;
  premise: GridPremise;
  attempt: number;
}

/** Deterministic shuffle (mulberry32 Fisher-Yates). */
export function seededOrder(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Held-out premises: every k-th chosen premise with k = round(1 / fraction); none for fraction 0. */
export function heldOutPositions(count: number, fraction: number): Set<number> {
  const held = new Set<number>();
  if (fraction <= 0) return held;
  const every = Math.max(2, Math.round(1 / fraction));
  for (let p = every - 1; p < count; p += every) held.add(p);
  return held;
}

/** `count` premises out of `available`, in a seeded order that mixes topics, with the held-out ones marked. */
export function planGrid(emotions: readonly string[], available: number, count: number, heldOutFraction: number, seed: number): Grid {
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidInputError("INVALID_ARGUMENT", `The number of premises per emotion must be a positive integer, not ${count}.`);
  if (count > available) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `${count} stories per emotion asks for ${count} shared premises, but there are only ${available}. Every emotion is written once per premise; ask for at most ${available}.`,
      { count, available, option: "storiesPerEmotion" },
    );
  }
  const held = heldOutPositions(count, heldOutFraction);
  const premises = seededOrder(available, seed)
    .slice(0, count)
    .map((index, position) => ({ index, variant: position % STORY_VARIANTS, heldOut: held.has(position) }));
  return { emotions, premises };
}

/**
 * The story to write next for every cell that has no accepted story yet: attempt 0 for a new
 * cell, the next attempt for a rejected one, none once MAX_ATTEMPTS are spent. Ordered by
 * attempt, premise and emotion, so batches are the same whenever a run is resumed.
 */
export function pendingCells(grid: Grid, attemptsOf: (emotion: string, premiseIndex: number) => { tried: number; accepted: boolean }): CellJob[] {
  const jobs: CellJob[] = [];
  grid.premises.forEach((premise) => {
    grid.emotions.forEach((emotion, emotionIndex) => {
      const { tried, accepted } = attemptsOf(emotion, premise.index);
      if (!accepted && tried < MAX_ATTEMPTS) jobs.push({ emotion, emotionIndex, premise, attempt: tried });
    });
  });
  return jobs.sort((a, b) => a.attempt - b.attempt);
}
