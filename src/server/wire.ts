/**
 * The HTTP contract of `limbic serve` as it travels (snake_case), for the server and the
 * dashboard alike. Types only, plus pure converters: it imports nothing at run time, and only
 * types-only files at type level, so the browser build can take it whole.
 */
import type { ChatMessage } from "../engine/chatMessage.js";
import type { FinishReason } from "../engine/finishReason.js";
import type { GuardEvent, TraceResult } from "../monitor/results.js";
import type { RunSummary, StrengthResult, SweepExample, TurnTracePoint } from "../sweeps/resultTypes.js";
import type { VectorSetManifest } from "../vectors/manifest.js";
import type { AccuracyResult, ValidationReport } from "../vectors/validation/types.js";

export type { AccuracyResult, ChatMessage, ValidationReport };

/** "steerEmotion" → "steer_emotion", at type level. */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
/** A camelCase domain object with its keys as they travel. */
export type Wire<T> = { [K in keyof T as K extends string ? SnakeCase<K> : K]: T[K] };
/** A wire object with its keys back in camelCase (the inverse of Wire for camelCase keys). */
export type Domain<W> = { [K in keyof W as K extends string ? CamelCase<K> : K]: W[K] };
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camelCase = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Renames a domain object's own keys to the wire spelling (values are kept as they are). */
export function toWire<T extends object>(value: T): Wire<T> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), v])) as Wire<T>;
}

/** Renames a wire object's own keys back to the domain spelling. */
export function fromWire<W extends object>(value: W): Domain<W> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), v])) as Domain<W>;
}

/** {"error": {...}}, OpenAI's error body; streams end with one when a request fails midway. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** GET /v1/models. */
export interface ModelListWire {
  object: "list";
  data: { id: string; object: "model"; created: number; owned_by: string }[];
}

/** One generated token's text and z-score per watched emotion (absent when the request reads none). */
export interface TelemetryToken {
  text: string;
  emotions?: Record<string, number>;
}

/**
 * A guard event travels in its domain spelling (`tokenIndex`): clients already read that field
 * (test/server.openai.test.ts pins it), so the wire keeps it rather than renaming it.
 */
export type GuardEventWire = GuardEvent;

/** The `limbic` object beside the OpenAI fields of a completion or chunk. */
export interface LimbicReply {
  tokens: TelemetryToken[];
  guard_events: GuardEventWire[];
  finish?: { reason: FinishReason; halted_by?: string };
}

/** A chat.completion.chunk / text_completion chunk as the server streams it. */
export interface CompletionChunkWire {
  id: string;
  object: "chat.completion.chunk" | "text_completion";
  created: number;
  model: string;
  system_fingerprint: null;
  choices: { index: number; delta?: { role?: string; content?: string | null }; text?: string; logprobs: null; finish_reason: string | null }[];
  limbic?: LimbicReply;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  error?: OpenAIErrorBody["error"];
}

/** POST /v1/trace: the monitor's trace, named by the served set. */
export type TraceResultWire = TraceResult;

/** GET /api/vector-sets: one entry per served set. */
export interface VectorSetInfoWire {
  name: string;
  model_name: string;
  layers: number[];
  default_layer: number;
  emotions: number;
}

/** GET /api/vector-sets/:name. */
export interface VectorSetSummaryWire {
  manifest: VectorSetManifest;
  pca: { emotion: string; pc1: number; pc2: number }[];
  explained: [number, number];
  similarity: { emotions: string[]; matrix: number[][] };
  /** The set's validation.json, when it has one. */
  validation: ValidationReport | null;
}

/** GET /api/runs lists these. */
export type RunSummaryWire = Wire<RunSummary>;
/** One dose-response point; a runs source may leave out hits and outcome counts. */
export type RunResultRowWire = Pick<StrengthResult, "vector" | "strength" | "n" | "rate" | "ci_low" | "ci_high"> & Partial<StrengthResult>;
export type RunExampleWire = Omit<SweepExample, "sample">;

/** GET /api/runs/:id. */
export interface RunDetailWire {
  run: RunSummaryWire;
  results: RunResultRowWire[];
  examples: RunExampleWire[];
  trace?: TurnTracePoint[];
}
