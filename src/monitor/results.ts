/** What the monitor produces: guard events and token traces (types only, for the wire module and the dashboard). */

export interface GuardEvent {
  rule: string;
  /** The kind of the rule's action (GuardAction["kind"]). */
  action: "flag" | "halt" | "steer";
  tokenIndex: number;
  token: string;
  /** z-score of every watched and ruled emotion at this token. */
  values: Record<string, number>;
  detail: string;
}

export interface TracedToken {
  index: number;
  text: string;
  message: number;
  start: number;
  end: number;
  /** z-scores (smoothed when asked) per emotion. */
  values: Record<string, number>;
  /** (h − μ)·v per emotion, unsmoothed. */
  score: Record<string, number>;
  /** Display only: score / ‖h − μ‖. */
  cosine: Record<string, number>;
}

export interface MessageSummary {
  index: number;
  role: string;
  tokens: [number, number];
  /** Index of the token whose readout is `start`: the last one before the content (for assistant turns: the reply-start token). Absent on traces written before it existed. */
  startToken?: number;
  /** Per emotion: mean and max z over the message, and z at the token where its content starts (for assistant turns: the reply-start token). */
  summary: Record<string, { mean: number; max: number; start: number }>;
}

export interface TraceResult {
  model: { name: string; sha256: string };
  vector_set: string;
  layer: number;
  emotions: string[];
  templated: boolean;
  note?: string;
  smooth: number;
  tokens: TracedToken[];
  messages: MessageSummary[];
}
