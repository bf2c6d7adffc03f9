/** What a sweep produces, row by row (types only: the wire module and the dashboard read them). */
import type { ChatMessage } from "../engine/chatMessage.js";

export interface StrengthResult {
  /** The steered emotion's name, or "random" for the random-direction control. */
  vector: string;
  strength: number;
  n: number;
  hits: number;
  rate: number;
  ci_low: number;
  ci_high: number;
  outcomes: Record<string, number>;
}

/**
 * Does the target rate move with strength along one series (the steered emotion's strengths with
 * the unsteered 0, or the random control's)? A logistic-regression slope with its 95% interval,
 * and the Cochran–Armitage trend test with the strengths as scores.
 */
export interface TrendResult {
  /** The steered emotion's name, or "random" for the random-direction control. */
  vector: string;
  /** The distinct strengths the series has rollouts at. */
  strengths: number[];
  n: number;
  hits: number;
  /**
   * "ml-wald": maximum likelihood, Wald interval. "firth-profile": the strengths separate hits from
   * misses (say, hits only at the top strength), where the ML slope is infinite: Firth's penalized
   * likelihood, with the profile penalized-likelihood interval. "not-estimable": see `note`.
   */
  method: "ml-wald" | "firth-profile" | "not-estimable";
  /** Change in log-odds of the target outcome per unit of strength (the layer's mean residual norm). */
  slope: number | null;
  slope_se: number | null;
  /** null also where a profile bound lies beyond the search range (then `note` says so). */
  ci_low: number | null;
  ci_high: number | null;
  /** Cochran–Armitage z (positive: the rate rises with strength) and its two-sided p; null when every rollout has the same outcome. */
  ca_z: number | null;
  ca_p: number | null;
  /** Why a number is missing, or which fallback was used; null when the plain fit applied. */
  note: string | null;
}

export interface TurnTracePoint {
  vector: string;
  strength: number;
  /** 0-based assistant turn (coding: attempt). */
  turn: number;
  n: number;
  /** Mean z of each watched emotion at the first token of the turn, and over the turn. */
  start: Record<string, number>;
  mean: Record<string, number>;
  /** Rollouts whose misbehaviour first appeared at this turn. */
  first_target: number;
}

/** A transcript shown as an example of one outcome. */
export interface SweepExample {
  outcome: string;
  /** The steered emotion's name, "random", or "unsteered". */
  vector: string;
  strength: number;
  sample: number;
  messages: ChatMessage[];
}

/** A run as listings show it. */
export interface RunSummary {
  id: string;
  scenario: string;
  steerEmotion: string;
  model: string;
  createdAt: string;
  status: string;
  nRollouts: number;
  /** The outcome the sweep's rate counts (blackmail, cheat, caves); absent where the scenario is unknown. */
  targetOutcome?: string;
  /** Absent where a runs source does not record them. */
  strengths?: number[];
  samples?: number;
  layer?: number;
}
