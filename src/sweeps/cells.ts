/** The cells of a sweep plan (vector, strength, sample) and the seed of each, so that a resumed run redoes exactly the missing ones. */
import { InvalidInputError } from "../errors.js";
import { parseStrength, type Strength } from "../engine/strength.js";
import type { SteeringVector } from "./runStore.js";

export interface Cell {
  vector: SteeringVector;
  strength: number;
  sample: number;
  /** The same sample index gets the same seed at every strength: paired comparisons across strengths. */
  seed: number;
}

/** "--strengths -0.1,0,0.1": distinct checked strengths, ascending. */
export function parseStrengths(raw: string): Strength[] {
  const parts = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0)
    throw new InvalidInputError("INVALID_ARGUMENT", `--strengths needs a comma-separated list of numbers such as -0.1,-0.05,0,0.05,0.1 (got "${raw}").`);
  const values = parts.map((p) => parseStrength(p, `--strengths ${p}`));
  return [...new Set(values)].sort((a, b) => a - b);
}

export function sampleSeed(runSeed: number, sample: number): number {
  // splitmix-style mixing keeps neighbouring samples' seeds unrelated.
  let x = (runSeed * 0x9e3779b1 + sample * 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Strength 0 is run once ("unsteered") and counted in both the emotion's and the random control's series. */
export function planCells(strengths: readonly number[], samples: number, runSeed: number, withRandomControl: boolean): Cell[] {
  const cells: Cell[] = [];
  const add = (vector: SteeringVector, strength: number) => {
    for (let sample = 0; sample < samples; sample++) cells.push({ vector, strength, sample, seed: sampleSeed(runSeed, sample) });
  };
  if (strengths.includes(0)) add("unsteered", 0);
  for (const s of strengths) if (s !== 0) add("emotion", s);
  if (withRandomControl) for (const s of strengths) if (s !== 0) add("random", s);
  return cells;
}
