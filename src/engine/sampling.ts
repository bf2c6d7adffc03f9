/**
 * Sampling defaults and limits, one owner for both backends, the CLI and the server: a request is
 * checked here once, so a value means the same thing wherever it is given.
 */
import { InvalidInputError } from "../errors.js";
import type { SamplingOptions } from "./contract.js";

export const SAMPLING_DEFAULTS = Object.freeze({ temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05 });

/** The OpenAI range: beyond 2 the distribution is flat enough that replies stop being text. */
export const MAX_TEMPERATURE = 2;
export const MAX_TOP_K = 100_000;

/** Sampling settings with the defaults filled in, checked. */
export type CheckedSampling = Required<Pick<SamplingOptions, "temperature" | "topK" | "topP" | "minP">> &
  Pick<SamplingOptions, "seed" | "repeatPenalty" | "repeatLastN">;

/** Why a temperature is refused, or null when it is fine (the CLI and the server word their own errors around it). */
export function temperatureProblem(t: number): string | null {
  return Number.isFinite(t) && t >= 0 && t <= MAX_TEMPERATURE ? null : `temperature must be a number from 0 to ${MAX_TEMPERATURE} (0 = greedy)`;
}

export function checkSampling(options: SamplingOptions): CheckedSampling {
  const { temperature = SAMPLING_DEFAULTS.temperature, topK = SAMPLING_DEFAULTS.topK, topP = SAMPLING_DEFAULTS.topP, minP = SAMPLING_DEFAULTS.minP } = options;
  const refuse = (field: string, rule: string, value: unknown) =>
    new InvalidInputError("INVALID_ARGUMENT", `${field} ${rule}, not ${String(value)}.`, { field });
  const tempProblem = temperatureProblem(temperature);
  if (tempProblem) throw new InvalidInputError("INVALID_ARGUMENT", `${tempProblem}, not ${temperature}.`, { field: "temperature" });
  if (!Number.isInteger(topK) || topK < 0 || topK > MAX_TOP_K) throw refuse("topK", `must be an integer from 0 (off) to ${MAX_TOP_K}`, topK);
  if (!(topP > 0 && topP <= 1)) throw refuse("topP", "must be in (0, 1] (1 keeps every token)", topP);
  if (!(minP >= 0 && minP < 1)) throw refuse("minP", "must be in [0, 1) (0 = off)", minP);
  const { seed, repeatPenalty, repeatLastN } = options;
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)) throw refuse("seed", "must be an integer in [0, 2^32)", seed);
  if (repeatPenalty !== undefined && !(Number.isFinite(repeatPenalty) && repeatPenalty > 0))
    throw refuse("repeatPenalty", "must be a number above 0 (1 = off)", repeatPenalty);
  if (repeatLastN !== undefined && !(Number.isInteger(repeatLastN) && repeatLastN >= -1)) throw refuse("repeatLastN", "must be an integer ≥ -1", repeatLastN);
  return {
    temperature,
    topK,
    topP,
    minP,
    ...(seed !== undefined ? { seed } : {}),
    ...(repeatPenalty !== undefined ? { repeatPenalty } : {}),
    ...(repeatLastN !== undefined ? { repeatLastN } : {}),
  };
}
