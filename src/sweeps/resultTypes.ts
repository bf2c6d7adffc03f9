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
