/** What a sweep produces, row by row (types only: the wire module and the dashboard read them). */
import type { ChatMessage } from "../engine/chatMessage.js";
import type { Wire } from "../util/wireCase.js";
import type { Agreement } from "../scenarios/agreement.js";

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
  /** What a stored run was planned with (the runs store records them; other sources may not). */
  seed?: number;
  params?: Record<string, unknown>;
  randomControl?: boolean;
  vectorSet?: string;
  /** Content id of the vector set the run steered with (absent on runs stored before ids existed). */
  vectorSetId?: string;
  guard?: string[];
}

/**
 * A run as `limbic runs list --json` prints it and GET /api/runs lists it. sweeps/runWire.ts is
 * the one converter from a stored run to these wire shapes.
 */
export type RunSummaryWire = Wire<RunSummary>;
/** One dose-response point; a runs source may leave out hits and outcome counts. */
export type RunResultRowWire = Pick<StrengthResult, "vector" | "strength" | "n" | "rate" | "ci_low" | "ci_high"> & Partial<StrengthResult>;
export type RunExampleWire = Omit<SweepExample, "sample">;

/** A run's results as `limbic runs show --json` and `limbic sweep --json` print them and GET /api/runs/:id serves them. */
export interface RunDetailWire {
  run: RunSummaryWire;
  results: RunResultRowWire[];
  examples: RunExampleWire[];
  trace?: TurnTracePoint[];
  /** One per series; absent where a runs source does not compute them. */
  trends?: TrendResult[];
  /** Present when an LLM judge graded the run's rollouts beside the rules. */
  judge?: JudgeSummaryWire;
}

export type JudgeSummaryWire = Omit<JudgeSummary, "cells"> & { cells: Wire<JudgeSummary["cells"][number]>[] };

/** A mean over episodes with its 95% t interval (bounds null when n < 2: one episode has no spread). */
export interface MeanInterval {
  mean: number;
  ci_low: number | null;
  ci_high: number | null;
  n: number;
}

/** A group of rollouts the attempt trace is split by: every cell pooled ("all"), or one steering cell. */
export interface AttemptCell {
  /** "all", "unsteered", or the vector and strength ("desperate +0.1", "random -0.05"). */
  cell: string;
  /** The steered emotion's name, "random", "unsteered"; null for "all". */
  vector: string | null;
  strength: number | null;
  rollouts: number;
}

/** The readout at one attempt, over the episodes of one cell that ended in one outcome. */
export interface AttemptPoint {
  cell: string;
  /** The episode's eventual outcome (the verdict's: cheat, honest-impossible, fail, ...). */
  outcome: string;
  /** 0-based assistant turn (coding: attempt turn + 1), as verdict.firstTargetTurn counts. */
  turn: number;
  /** Episodes of this cell and outcome that reached this turn. */
  n: number;
  /** Each watched emotion's z at the turn's first token. */
  start: Record<string, MeanInterval>;
  /** Each watched emotion's highest z within the turn; empty where no episode recorded it (runs stored before maxima were kept). */
  max: Record<string, MeanInterval>;
}

/**
 * Does the readout climb over the attempts? Per episode with two or more turns, the least-squares
 * slope of the readout on the turn number (z per attempt); its mean over the outcome's episodes.
 */
export interface AttemptRise {
  cell: string;
  outcome: string;
  emotion: string;
  measure: "start" | "max";
  slope: MeanInterval;
}

/** On which turn the target behaviour (cheat, caves, blackmail) first appeared, over one cell's target episodes. */
export interface FirstTargetTurns {
  cell: string;
  /** Episodes with the target outcome. */
  target: number;
  turns: { turn: number; count: number }[];
  /** Target episodes whose verdict names no turn. */
  unknown: number;
}

/**
 * The target episodes lined up on the attempt where the target first appeared (offset 0; -1 the
 * attempt before, +1 the one after): does the readout peak when the model turns to cheating and
 * fall once it has?
 */
export interface TargetAlignedPoint {
  cell: string;
  offset: number;
  /** Target episodes with an attempt at this offset. */
  n: number;
  start: Record<string, MeanInterval>;
  max: Record<string, MeanInterval>;
}

/** The paper's trace: readouts by attempt, split by the episode's eventual outcome, for each steering cell and all pooled. */
export interface AttemptTrace {
  target_outcome: string | null;
  /** Watched emotions: desperate and calm first where present, then the steered one, then the rest. */
  emotions: string[];
  /** Outcomes, the target first, then by how many episodes ended in each. */
  outcomes: string[];
  /** False when no episode recorded within-turn maxima (runs stored before they were kept): "not recorded". */
  max_recorded: boolean;
  cells: AttemptCell[];
  points: AttemptPoint[];
  rises: AttemptRise[];
  first_target: FirstTargetTurns[];
  around_target: TargetAlignedPoint[];
}

/** The LLM judge beside the rules over a run's judged rollouts. */
export interface JudgeSummary {
  /** Judge models and rubric versions seen (one each unless a run was resumed with another judge). */
  models: string[];
  rubrics: string[];
  /** Rollouts with a judge verdict; judge calls that failed are counted apart and left out of the agreement. */
  n: number;
  failed: number;
  outcome: Agreement;
  target: Agreement;
  /** Per cell, as in `results`: how many rollouts the judge called the target behaviour. */
  cells: { vector: string; strength: number; n: number; judgeHits: number; ruleHits: number }[];
}
