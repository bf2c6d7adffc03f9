import type { ValidationReport } from "../../src/vectors/validation/types";
/** The server's HTTP contract as the dashboard reads it (see `limbic serve`). */

export type Role = "system" | "user" | "assistant" | "tool";

export interface ChatMessage {
  role: Role;
  content: string;
  name?: string;
  tool_calls?: { id?: string; type: "function"; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface TokenReadout {
  text: string;
  /** z-score per watched emotion. */
  emotions: Record<string, number>;
}

export interface GuardEvent {
  rule: string;
  action: "flag" | "halt" | "steer";
  tokenIndex?: number;
  token_index?: number;
  token?: string;
  values?: Record<string, number>;
  detail?: string;
}

export interface LimbicChunk {
  tokens?: TokenReadout[];
  guard_events?: GuardEvent[];
  finish?: { reason: string; halted_by?: string };
}

export interface ChatCompletionChunk {
  id?: string;
  model?: string;
  choices?: { index: number; delta?: { role?: string; content?: string | null }; finish_reason?: string | null }[];
  limbic?: LimbicChunk;
  error?: OpenAIErrorBody["error"];
}

export interface OpenAIErrorBody {
  error: { message: string; type?: string; param?: string | null; code?: string | number | null };
}

export interface ModelList {
  data: { id: string; owned_by?: string }[];
}

export interface VectorSetInfo {
  name: string;
  model_name: string;
  layers: number[];
  default_layer: number;
  emotions: number;
}

export interface VectorSetSummary {
  manifest: {
    emotions: string[];
    model?: { name?: string; n_embd?: number; n_layer?: number };
    layers?: number[];
    default_layer?: number;
    method?: string;
    counts?: Record<string, number>;
    created_at?: string;
    [key: string]: unknown;
  };
  pca: { emotion: string; pc1: number; pc2: number }[];
  explained: number[];
  similarity: { emotions: string[]; matrix: number[][] };
  validation: ValidationReport | null;
}

export interface TracedToken {
  text: string;
  message: number;
  values: Record<string, number>;
}

export interface TraceMessageSummary {
  index: number;
  role: string;
  tokens: [number, number];
  summary: Record<string, { mean: number; max: number; start: number }>;
}

export interface TraceResult {
  vector_set?: string;
  layer?: number;
  emotions: string[];
  templated?: boolean;
  note?: string;
  smooth?: number;
  tokens: TracedToken[];
  messages: TraceMessageSummary[];
}

export interface RunSummary {
  id: string | number;
  scenario: string;
  steer_emotion: string;
  model: string;
  created_at: string;
  status: string;
  n_rollouts: number;
}

export interface RunResult {
  vector: string;
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
  run: RunSummary & Record<string, unknown>;
  results: RunResult[];
  examples: RunExample[];
}
