/**
 * Where /api/runs reads sweep runs from. The server only knows this interface; the runs
 * store plugs its own implementation in (`startServer({ runs })`). Methods may be sync or async.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";

export interface RunSummary {
  id: string | number;
  scenario: string;
  steer_emotion: string;
  model: string;
  created_at: string;
  status: string;
  n_rollouts: number;
  [extra: string]: unknown;
}

export interface RunResultRow {
  vector: "desperate" | "random" | (string & {});
  strength: number;
  n: number;
  rate: number;
  ci_low: number;
  ci_high: number;
}

export interface RunExample {
  outcome: string;
  strength: number;
  vector: string;
  messages: ChatMessage[];
}

export interface RunDetail {
  run: RunSummary;
  results: RunResultRow[];
  examples: RunExample[];
  /** Anything more the store knows (the dashboard reads what it understands). */
  [extra: string]: unknown;
}

export interface RunsSource {
  list(): RunSummary[] | Promise<RunSummary[]>;
  /** null when no run has this id. */
  get(id: string): RunDetail | null | Promise<RunDetail | null>;
}
