/**
 * The HTTP contract of `limbic serve` as it travels (snake_case), for the server and the
 * dashboard alike. Types only, plus the pure case converters (util/wireCase.ts): it imports
 * nothing else at run time, and only types-only files at type level, so the browser build can
 * take it whole. A run's wire shape is owned by the sweeps that produce runs (resultTypes.ts,
 * runWire.ts), so `limbic runs … --json` and /api/runs print the same thing.
 */
import type { ChatMessage } from "../engine/chatMessage.js";
import type { FinishReason } from "../engine/finishReason.js";
import type { GuardEvent, TraceResult } from "../monitor/results.js";
import type { VectorSetManifest } from "../vectors/manifest.js";
import type { AccuracyResult, ValidationReport } from "../vectors/validation/types.js";

export type { AccuracyResult, ChatMessage, ValidationReport };

export { fromWire, toWire, type Domain, type SnakeCase, type Wire } from "../util/wireCase.js";
export type { RunDetailWire, RunExampleWire, RunResultRowWire, RunSummaryWire } from "../sweeps/resultTypes.js";

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
