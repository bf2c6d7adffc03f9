/**
 * The one model interface everything above the engine needs. Two backends implement it:
 * `Model` (llama.cpp through Limbic's bridge, in process) and `VllmModel` (a vLLM server with
 * vllm-lens, over HTTP). Methods that a remote backend answers over the network return
 * `Awaitable<T>`: callers always `await` them; the llama.cpp backend answers synchronously.
 *
 * Layer L means the same thing on both backends: the output of decoder block L (0-based),
 * llama.cpp's `l_out-L`, Hugging Face `hidden_states[L + 1]`, vllm-lens's layer index L.
 */
import path from "node:path";
import { EngineError } from "../errors.js";
import type { GpuVariant } from "./bindings.js";
import type { ChatMessage, RenderedChat, ToolDefinition } from "./chatTemplate.js";
import type { ForwardOptions, ForwardResult } from "./forward.js";
import type { GenerateOptions, GenerationResult, SequenceBatchOptions, TokenEvent, TokenizeOptions } from "./contract.js";
import type { Steering } from "./steering.js";

export type Awaitable<T> = T | Promise<T>;

/** Which engine runs the model: a llama.cpp variant, or a vLLM server. */
export type BackendName = GpuVariant | "vllm";

export interface LanguageModelInfo {
  /** A GGUF file path (llama.cpp), or the model reference (vllm+http://host:port/name). */
  path: string;
  name: string;
  architecture: string;
  nLayer: number;
  nEmbd: number;
  nVocab: number;
  /** Most tokens one sequence may hold (prompt and reply). */
  contextLength: number;
  chatTemplate: string | null;
  /**
   * Identity of the weights: the GGUF file's sha256 on llama.cpp; on vLLM a hash of what the
   * server reports (served name, model root, shape), since the weights are not readable.
   */
  sha256: string;
  sizeBytes: number;
  nParams: number;
  description: string;
  backend: BackendName;
  gpuLayers: number;
  metadata: Record<string, string>;
}

/** A running single generation: tokens as they come, the whole result, and control between tokens. */
export interface GenerationHandle extends AsyncIterable<TokenEvent> {
  readonly result: Promise<GenerationResult>;
  /** Changes steering from the next token on (null switches it off); validated at once. */
  setSteering(steering: Steering | null): void;
  /** Stops after the current token with finish reason "halt". */
  halt(reason?: string): void;
}

/** Generations that share one running batch: each joins at the next decode step with its own steering, and leaves when done. */
export interface SharedBatch {
  /** Sequences decoding now. */
  readonly active: number;
  /** Sequences waiting for a free slot. */
  readonly queued: number;
  /** The most sequences decoded together. */
  readonly maxSequences: number;
  /** Joins the running batch; throws QUEUE_FULL when the waiting line is full. */
  generate(options: GenerateOptions): GenerationHandle;
  /** Several generations in this batch; results in request order. */
  generateBatch(requests: readonly GenerateOptions[]): Promise<GenerationResult[]>;
  /** Lets go of a conversation (a `cacheKey` of GenerateOptions) that will not continue. */
  forget(cacheKey: string): void;
  /** Refuses new generations, ends waiting ones with "abort", and resolves when running ones are done. */
  close(): Promise<void>;
}

export interface LanguageModel {
  readonly info: LanguageModelInfo;
  readonly isDisposed: boolean;

  tokenize(text: string, options?: TokenizeOptions): Awaitable<Int32Array>;
  /** Tokenizes text that may already start with BOS (as chat templates render it) without doubling it. */
  tokenizePrompt(text: string): Awaitable<Int32Array>;
  detokenize(tokens: Int32Array | readonly number[], options?: { renderSpecial?: boolean }): Awaitable<string>;
  /** One token's raw bytes (a piece of UTF-8; special tokens rendered as their text when asked). */
  tokenBytes(token: number, renderSpecial?: boolean): Awaitable<Uint8Array>;
  /** One token's text (lossy where the token is part of a multi-byte character). */
  tokenText(token: number, renderSpecial?: boolean): Awaitable<string>;
  isEndOfGeneration(token: number): Awaitable<boolean>;
  /** Renders messages (and tool definitions) with the model's chat template, or a plain "Role: content" form when it has none. */
  applyChatTemplate(messages: readonly ChatMessage[], options?: { addGenerationPrompt?: boolean; tools?: readonly ToolDefinition[] }): Awaitable<RenderedChat>;
  /**
   * Validates steering against this model (layer range, block 0 unsteerable on both backends,
   * width, finite values) and returns the summed vectors of blocks 1..n_layer-1 as one flat
   * [n_layer - 1, n_embd] buffer, or null when nothing is steered.
   */
  steeringBuffer(steering: Steering | null | undefined): Float32Array | null;

  /** Runs sequences through the model; block outputs at the chosen layers and positions. */
  forward(inputs: readonly (string | Int32Array | readonly number[])[], options?: ForwardOptions & { steering?: Steering }): Promise<ForwardResult[]>;
  /** One streamed generation with per-token capture, steering that may change between tokens, stop strings and abort. */
  generate(options: GenerateOptions): GenerationHandle;
  /** Several generations at once; results in request order. */
  generateBatch(requests: readonly GenerateOptions[]): Promise<GenerationResult[]>;
  /**
   * A batch that concurrent generations share, where the backend batches in process (llama.cpp).
   * Absent where the backend batches concurrent requests itself (a vLLM server): there, callers
   * simply issue `generate` calls side by side.
   */
  continuousBatch?(options?: SequenceBatchOptions): SharedBatch;
  /** Mean L2 norm of the block outputs per layer over a text set (the unit of steering strength). */
  residualNorms(texts: readonly string[], options?: { layers?: readonly number[]; skipTokens?: number }): Promise<Map<number, number>>;
  dispose(): Promise<void>;
  /** `await using model = await loadModel(…)` disposes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Tells an open model (either backend) from the options that would open one. */
export function isLanguageModel(value: unknown): value is LanguageModel {
  return typeof value === "object" && value !== null && "info" in value && typeof (value as { forward?: unknown }).forward === "function";
}

/**
 * The local GGUF file behind a model, or null where the weights live on a server (vLLM) and
 * cannot be read. Callers ask this instead of naming the backend.
 */
export function localWeightsFile(model: LanguageModel): string | null {
  return model.info.backend === "vllm" ? null : model.info.path;
}

/** The short name clients call the model by: a served model's name (which may hold a slash), or a GGUF's file name without extension. */
export function modelId(model: LanguageModel): string {
  const file = localWeightsFile(model);
  return file === null ? model.info.name : path.basename(file).replace(/\.gguf$/i, "");
}

/**
 * The GGUF file behind a model, for what only a local file gives (the unembedding matrix of
 * the logit lens, tensors by name). A vLLM model has none: the weights live on the server.
 */
export function localGgufPath(model: LanguageModel, purpose: string): string {
  const file = localWeightsFile(model);
  if (file === null) {
    throw new EngineError(
      "CAPABILITY_UNAVAILABLE",
      `${purpose} reads the model's weights from its local GGUF file; ${model.info.path} is served by vLLM, whose weights Limbic cannot read. Run this step on the llama.cpp backend with the same model's GGUF.`,
      { model: model.info.path, purpose },
    );
  }
  return file;
}
