/**
 * The engine contract both backends (llama.cpp in process, vLLM over HTTP) implement and every
 * consumer speaks: what a generation request holds, what comes back token by token and at the
 * end, and how text is tokenized. Types only; the LanguageModel interface (languageModel.ts)
 * is written in these terms, and no backend module is needed to use them.
 */
import type { ChatMessage } from "./chatMessage.js";
import type { FinishReason } from "./finishReason.js";
import type { Steering } from "./steering.js";

export type { FinishReason } from "./finishReason.js";

export interface SamplingOptions {
  /** 0 = greedy. Defaults to 0.8. */
  temperature?: number;
  /** Defaults to 40 (0 = off). */
  topK?: number;
  /** Defaults to 0.95. */
  topP?: number;
  /** Defaults to 0.05. */
  minP?: number;
  /** Seed of the sampler; a random one is drawn (and reported) when absent. */
  seed?: number;
  /** 1 = off (default). */
  repeatPenalty?: number;
  repeatLastN?: number;
}

export interface TokenEvent {
  /** Index of the sequence in a batch (0 for a single generation). */
  sequence: number;
  /** 0-based index among the generated tokens. */
  index: number;
  token: number;
  /** The token's text; "" while a multi-byte character is incomplete. */
  text: string;
  /** Block outputs at this token's position, per captured layer (n_embd floats), or null without capture. */
  activations: Map<number, Float32Array> | null;
}

export interface GenerationControl {
  /** Ends this sequence after the current token, with finish reason "halt". */
  halt(reason?: string): void;
}

export interface GenerationResult {
  text: string;
  tokens: number[];
  finishReason: FinishReason;
  haltReason?: string;
  promptTokens: number;
  /** Prompt tokens not read again: an earlier turn of the same `cacheKey` left their rows. */
  cachedPromptTokens?: number;
  seed: number;
}

export interface GenerateOptions extends SamplingOptions {
  /** Raw text (special tokens such as <start_of_turn> are parsed) or token ids. Use `messages` for chat. */
  prompt?: string | Int32Array | readonly number[];
  /** Chat messages, rendered with the model's chat template (with the generation prompt). */
  messages?: readonly ChatMessage[];
  /** Defaults to 256. */
  maxTokens?: number;
  stop?: readonly string[];
  steering?: Steering;
  /** "prompt": steer every token (default); "generation": the prompt is read unsteered, from its last token on steered. */
  steerFrom?: "prompt" | "generation";
  /** Blocks whose outputs each generated token carries in its TokenEvent. */
  captureLayers?: readonly number[];
  onToken?: (event: TokenEvent, control: GenerationControl) => void;
  signal?: AbortSignal;
  /**
   * Names a conversation that later generations continue (each resending it whole): in a
   * continuous batch its sequence keeps its rows and the next call with the key reads only the
   * prompt past the prefix they share, under the same steering. Elsewhere it is ignored (a vLLM
   * server caches prefixes itself). Forget the key on the batch when the conversation ends.
   */
  cacheKey?: string;
}

export interface TokenizeOptions {
  /** Add BOS and other special tokens the model expects. Defaults to true. */
  addSpecial?: boolean;
  /** Parse special-token text such as "<start_of_turn>". Defaults to true. */
  parseSpecial?: boolean;
}

export interface SequenceBatchOptions {
  /** Sequences decoded together at most; more wait for a free slot. Defaults to 8. */
  maxSequences?: number;
  /** Tokens (prompt and reply) one sequence may hold; longer replies end with "length". Defaults to min(context length, 4096). */
  tokensPerSequence?: number;
  /** Sequences that may wait for a slot; one more is refused with QUEUE_FULL. Defaults to 64. */
  maxQueued?: number;
}
