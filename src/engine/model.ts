/**
 * Model: a GGUF model loaded through Limbic's bridge. Reads and steers the residual
 * stream; contexts are leased per call so steering never leaks between callers.
 */
import { checkSampling } from "./sampling.js";
import { createHash } from "node:crypto";
import path from "node:path";
import { config } from "../config.js";
import { DisposedError, fromNativeError, InvalidInputError, ModelFileError } from "../errors.js";
import { loadBridge, type GpuOption, type GpuVariant, type NativeBridge, type NativeModel } from "./bindings.js";
import { renderChat, type ChatMessage, type RenderedChat, type ToolDefinition } from "./chatTemplate.js";
import { ContextPool } from "./contextPool.js";
import { fileSha256 } from "./fileHash.js";
import { runForward, validateLayers, type ForwardOptions, type ForwardResult } from "./forward.js";
import type { GenerateOptions, GenerationResult, SamplingOptions, TokenizeOptions } from "./contract.js";
import { ContinuousBatch } from "./continuousBatch.js";
import { GroupRunner, type PreparedRequest } from "./generate.js";
import { Generation } from "./generation.js";
import { inspectGguf } from "./gguf.js";
import type { LanguageModel, LanguageModelInfo } from "./languageModel.js";
import { resolveModelPath } from "./modelSource.js";
import { SequenceBatch, type BatchRequest, type SequenceBatchOptions } from "./sequenceBatch.js";
import { steeringBuffer, type Steering } from "./steering.js";

export interface LoadModelOptions {
  /** A .gguf path, or a download reference such as "hf:<user>/<repo>/<file>.gguf" (cached under LIMBIC_CACHE_DIR). */
  model: string;
  /** llama.cpp variant: "auto" picks CUDA, Vulkan or Metal when built and present, else CPU. Defaults to LIMBIC_GPU or "auto". */
  gpu?: GpuOption;
  /** Layers to offload to the GPU: a number or "max". Defaults to "max" on a GPU variant, 0 on CPU. */
  gpuLayers?: number | "max";
  /** llama.cpp threads. Defaults to LIMBIC_THREADS or the machine's available parallelism. */
  threads?: number;
  /** Memory-map the weights. Defaults to true. */
  useMmap?: boolean;
  /** Most llama.cpp contexts alive at once (each steering condition in flight needs one). Defaults to 8. */
  maxContexts?: number;
  /**
   * Flash attention. Its F16 accumulation makes a token's activations depend (at ~1e-2
   * relative) on which other sequences share its batch, so it is off by default on CPU,
   * where captures should be reproducible; "auto" (llama.cpp decides) on GPU variants.
   */
  flashAttention?: boolean | "auto";
  /** KV-cache precision. "f32" makes one-token decodes match batched ones to ~1e-6 (f16: ~1e-4) at twice the cache memory. Defaults to "f16". */
  kvCache?: "f16" | "f32";
  /**
   * Let llama.cpp repack quantized weights for its faster CPU kernels. Those kernels round
   * activations slightly differently from the one-row path, so on quantized models a
   * token's activations can then differ (~1e-2 relative) with batch layout. Defaults to true.
   */
  weightRepacking?: boolean;
  /** Show a download progress bar for remote references. Defaults to true on a TTY. */
  showProgress?: boolean;
  signal?: AbortSignal;
}

/** What every backend reports, with the llama.cpp variant as the backend. */
export interface ModelInfo extends LanguageModelInfo {
  /** The llama.cpp variant running it. */
  backend: GpuVariant;
}

export type { GenerateOptions, TokenizeOptions } from "./contract.js";

export class Model implements LanguageModel {
  private readonly pool: ContextPool;
  private disposed = false;
  private readonly bosText: string;
  private readonly eosText: string;

  private constructor(
    private readonly bridge: NativeBridge,
    private readonly native: NativeModel,
    readonly info: ModelInfo,
    threads: number,
    maxContexts: number,
    flashAttention: boolean | "auto",
    kvCache: "f16" | "f32",
  ) {
    this.pool = new ContextPool(bridge, native, threads, flashAttention, kvCache, maxContexts);
    const raw = native.info();
    this.bosText = raw.bos >= 0 ? this.tokenText(raw.bos, true) : "";
    this.eosText = raw.eos >= 0 ? this.tokenText(raw.eos, true) : "";
  }

  static async load(options: LoadModelOptions | string): Promise<Model> {
    const opts: LoadModelOptions = typeof options === "string" ? { model: options } : options;
    if (!opts.model) throw new InvalidInputError("INVALID_ARGUMENT", "loadModel needs a model path or reference.");
    const threads = opts.threads ?? config.threads;
    if (!Number.isInteger(threads) || threads < 1) throw new InvalidInputError("INVALID_ARGUMENT", `threads must be a positive integer, not ${threads}.`);
    const filePath = await resolveModelPath(opts.model, {
      ...(opts.showProgress !== undefined ? { showProgress: opts.showProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const gguf = await inspectGguf(filePath);
    if (gguf.architecture === "controlvector") {
      throw new ModelFileError("UNSUPPORTED_ARCHITECTURE", `${filePath} is a control-vector file, not a model. Pass it with --steer instead.`, {
        path: filePath,
      });
    }
    const loaded = loadBridge(opts.gpu ?? (config.gpu as GpuOption | undefined) ?? "auto");
    const gpuLayers = loaded.variant === "cpu" ? 0 : opts.gpuLayers === undefined || opts.gpuLayers === "max" ? -1 : opts.gpuLayers;
    let native: NativeModel;
    try {
      native = await loaded.bridge.loadModel(filePath, gpuLayers, opts.useMmap ?? true, opts.weightRepacking ?? true);
    } catch (error) {
      const message = (error as Error).message;
      if (/unknown model architecture/i.test(message)) {
        throw new ModelFileError(
          "UNSUPPORTED_ARCHITECTURE",
          `${filePath} uses architecture "${gguf.architecture}", which this llama.cpp build cannot run. Use a model of a supported architecture (llama, gemma3, qwen2, mistral, ...).`,
          { path: filePath, architecture: gguf.architecture },
          { cause: error },
        );
      }
      if (/file bounds|truncat|unexpected end/i.test(message)) {
        throw new ModelFileError(
          "TRUNCATED_GGUF",
          `${filePath} is cut short or damaged (${message.split("\n")[0]}). Download it again.`,
          { path: filePath },
          { cause: error },
        );
      }
      throw fromNativeError(error, `loading ${filePath}`);
    }
    const raw = native.info();
    const info: ModelInfo = {
      path: filePath,
      name: raw.meta["general.name"] ?? path.basename(filePath, ".gguf"),
      architecture: raw.meta["general.architecture"] ?? gguf.architecture ?? "unknown",
      nLayer: raw.nLayer,
      nEmbd: raw.nEmbd,
      nVocab: raw.nVocab,
      contextLength: raw.nCtxTrain,
      chatTemplate: raw.chatTemplate,
      sha256: await fileSha256(filePath),
      sizeBytes: raw.sizeBytes,
      nParams: raw.nParams,
      description: raw.description,
      backend: loaded.variant,
      gpuLayers: gpuLayers < 0 ? raw.nLayer + 1 : gpuLayers,
      metadata: raw.meta,
    };
    const flashAttention = opts.flashAttention ?? (loaded.variant === "cpu" ? false : "auto");
    const kvCache = opts.kvCache ?? "f16";
    if (kvCache !== "f16" && kvCache !== "f32") throw new InvalidInputError("INVALID_ARGUMENT", `kvCache must be "f16" or "f32", not "${String(kvCache)}".`);
    return new Model(loaded.bridge, native, info, threads, opts.maxContexts ?? 8, flashAttention, kvCache);
  }

  private ensureUsable(): void {
    if (this.disposed) throw new DisposedError("DISPOSED", "This model was disposed; load it again.");
  }

  tokenize(text: string, options: TokenizeOptions = {}): Int32Array {
    this.ensureUsable();
    if (typeof text !== "string") throw new InvalidInputError("INVALID_ARGUMENT", "tokenize needs a string.");
    return this.native.tokenize(text, options.addSpecial ?? true, options.parseSpecial ?? true);
  }

  detokenize(tokens: Int32Array | readonly number[], options: { renderSpecial?: boolean } = {}): string {
    this.ensureUsable();
    try {
      return this.native.detokenize(Int32Array.from(tokens), options.renderSpecial ?? false);
    } catch (error) {
      throw fromNativeError(error);
    }
  }

  /** One token's raw bytes (a piece of UTF-8; special tokens rendered as their text when asked). */
  tokenBytes(token: number, renderSpecial = true): Uint8Array {
    this.ensureUsable();
    try {
      return this.native.tokenPiece(token, renderSpecial);
    } catch (error) {
      throw fromNativeError(error);
    }
  }

  /** One token's text (lossy where the token is part of a multi-byte character). */
  tokenText(token: number, renderSpecial = true): string {
    this.ensureUsable();
    try {
      return Buffer.from(this.native.tokenPiece(token, renderSpecial)).toString("utf8");
    } catch (error) {
      throw fromNativeError(error);
    }
  }

  isEndOfGeneration(token: number): boolean {
    return this.native.isEog(token);
  }

  /** Renders messages through the model's Jinja chat template, or a plain "Role: content" form when it has none. */
  applyChatTemplate(messages: readonly ChatMessage[], options: { addGenerationPrompt?: boolean; tools?: readonly ToolDefinition[] } = {}): RenderedChat {
    if (!Array.isArray(messages) || messages.length === 0) throw new InvalidInputError("EMPTY_INPUT", "applyChatTemplate needs at least one message.");
    return renderChat(this.info.chatTemplate, messages, { ...options, bosText: this.bosText, eosText: this.eosText });
  }

  /** Tokenizes text that may already start with BOS (as chat templates render it) without doubling it. */
  tokenizePrompt(text: string): Int32Array {
    const startsWithBos = this.bosText !== "" && text.startsWith(this.bosText);
    return this.tokenize(text, { addSpecial: !startsWithBos, parseSpecial: true });
  }

  /** Validates steering against this model and returns llama.cpp's flat buffer (null = none). */
  steeringBuffer(steering: Steering | null | undefined): Float32Array | null {
    return steeringBuffer(steering, this.info.nLayer, this.info.nEmbd);
  }

  private toTokens(input: string | Int32Array | readonly number[], what: string): Int32Array {
    if (typeof input === "string") {
      if (input.length === 0) throw new InvalidInputError("EMPTY_INPUT", `${what} is empty; give at least one character.`);
      return this.tokenizePrompt(input);
    }
    const tokens = Int32Array.from(input);
    for (const t of tokens) {
      if (!Number.isInteger(t) || t < 0 || t >= this.info.nVocab)
        throw new InvalidInputError("INVALID_TOKEN", `${what} has token ${t}, outside the vocabulary of ${this.info.nVocab}.`, { token: t });
    }
    return tokens;
  }

  /**
   * Runs sequences through the model (batched, each with its own positions) and returns
   * block outputs at the chosen layers and tokens, plus logits where asked.
   */
  async forward(
    inputs: readonly (string | Int32Array | readonly number[])[],
    options: ForwardOptions & { steering?: Steering; sequenceSteering?: readonly (Steering | null | undefined)[] } = {},
  ): Promise<ForwardResult[]> {
    this.ensureUsable();
    if (!Array.isArray(inputs) || inputs.length === 0) throw new InvalidInputError("EMPTY_INPUT", "forward needs at least one input sequence.");
    const sequences = inputs.map((input, i) => this.toTokens(input, `Input ${i}`));
    let perSequence: (Float32Array | null)[] | null = null;
    if (options.sequenceSteering !== undefined) {
      if (!Array.isArray(options.sequenceSteering) || options.sequenceSteering.length !== inputs.length) {
        throw new InvalidInputError("INVALID_ARGUMENT", `sequenceSteering needs one entry per input (${inputs.length}); null leaves an input unsteered.`);
      }
      perSequence = options.sequenceSteering.map((s) => this.steeringBuffer(s ?? null));
    }
    return runForward(this.pool, this.info, sequences, options, this.steeringBuffer(options.steering), perSequence);
  }

  /** Starts one generation; iterate it for tokens, await `.result` for the whole. */
  generate(options: GenerateOptions): Generation {
    this.ensureUsable();
    const request = this.prepare(options, 0);
    const runner = new GroupRunner(this.bridge, this.native, this.info, this.pool, [request.prepared], request.settings);
    return new Generation(
      runner,
      (s) => this.steeringBuffer(s),
      (push) => {
        const onToken = request.prepared.onToken;
        request.prepared.onToken = (event, control) => {
          push(event);
          onToken?.(event, control);
        };
        return runner.run();
      },
    );
  }

  /**
   * Generates several sequences together. Requests that share steering (and capture) run as one
   * group in one context; requests with different steerings run in one continuous batch, each
   * row steered by its own vectors.
   */
  async generateBatch(requests: readonly GenerateOptions[]): Promise<GenerationResult[]> {
    this.ensureUsable();
    if (!Array.isArray(requests) || requests.length === 0) throw new InvalidInputError("EMPTY_INPUT", "generateBatch needs at least one request.");
    const prepared = requests.map((r, i) => this.prepare(r, i));
    if (new Set(prepared.map((p) => p.key)).size > 1) {
      const longest = Math.max(...prepared.map((p) => p.prepared.prompt.length + p.prepared.maxTokens));
      const batch = this.continuousBatch({
        maxSequences: Math.min(64, requests.length),
        maxQueued: requests.length,
        tokensPerSequence: Math.min(this.info.contextLength, longest),
      });
      try {
        return await batch.generateBatch(requests);
      } finally {
        await batch.close();
      }
    }
    const results: GenerationResult[] = new Array(requests.length);
    const indices = prepared.map((_, i) => i);
    for (let start = 0; start < indices.length; start += 64) {
      const slice = indices.slice(start, start + 64);
      const runner = new GroupRunner(
        this.bridge,
        this.native,
        this.info,
        this.pool,
        slice.map((i) => prepared[i]!.prepared),
        prepared[0]!.settings,
      );
      const out = await runner.run();
      slice.forEach((index, k) => (results[index] = out[k]!));
    }
    return results;
  }

  /**
   * A continuous batch on this model: generations join it at the next decode step and leave
   * when done, each with its own steering (added to its own rows), sampling, stop strings,
   * capture and token stream. One context holds `maxSequences` sequences of
   * `tokensPerSequence` tokens; close it when done.
   */
  continuousBatch(options: SequenceBatchOptions = {}): ContinuousBatch {
    this.ensureUsable();
    // A sliding-window cache may no longer hold the rows a kept prefix needs; such models re-read prompts whole.
    const tailTrimmable = !Object.keys(this.info.metadata).some((key) => key.endsWith(".attention.sliding_window"));
    const batch = new SequenceBatch(this.bridge, this.native, this.info, this.pool, options, tailTrimmable);
    const prepare = (generate: GenerateOptions, index: number): BatchRequest => {
      this.ensureUsable();
      const { prepared, settings, key } = this.prepare(generate, index);
      const cacheKey = generate.cacheKey;
      if (cacheKey !== undefined && (typeof cacheKey !== "string" || cacheKey.length === 0))
        throw new InvalidInputError("INVALID_ARGUMENT", `Request ${index}'s cacheKey must be a non-empty string.`);
      return { ...prepared, ...settings, steeringKey: key, ...(cacheKey !== undefined ? { cacheKey } : {}) };
    };
    return new ContinuousBatch(batch, prepare, (s) => this.steeringBuffer(s));
  }

  private prepare(options: GenerateOptions, index: number) {
    if (!options || typeof options !== "object") throw new InvalidInputError("INVALID_ARGUMENT", `Request ${index} must be an options object.`);
    let prompt: Int32Array;
    if (options.messages) {
      prompt = this.toTokens(this.applyChatTemplate(options.messages).text, `Request ${index}'s messages`);
    } else if (options.prompt !== undefined) {
      prompt = this.toTokens(options.prompt, `Request ${index}'s prompt`);
    } else {
      throw new InvalidInputError("EMPTY_INPUT", `Request ${index} has neither prompt nor messages.`);
    }
    const captureLayers = validateLayers(options.captureLayers ?? [], this.info.nLayer);
    const steering = this.steeringBuffer(options.steering);
    const steerFrom = options.steerFrom ?? "prompt";
    if (steerFrom !== "prompt" && steerFrom !== "generation")
      throw new InvalidInputError("INVALID_ARGUMENT", `steerFrom must be "prompt" or "generation", not "${String(steerFrom)}".`);
    const maxTokens = Math.min(options.maxTokens ?? 256, Math.max(1, this.info.contextLength - prompt.length));
    const stop = options.stop ?? [];
    if (!Array.isArray(stop) || stop.some((s) => typeof s !== "string" || s.length === 0))
      throw new InvalidInputError("INVALID_ARGUMENT", "stop must be a list of non-empty strings.");
    const sampling: SamplingOptions = checkSampling(options);
    const prepared: PreparedRequest = { prompt, maxTokens, stop, sampling, ...(options.onToken ? { onToken: options.onToken } : {}) };
    const key = [
      steering
        ? createHash("sha1")
            .update(Buffer.from(steering.buffer, steering.byteOffset, steering.byteLength))
            .digest("hex")
        : "none",
      steerFrom,
      captureLayers.join(","),
    ].join("|");
    return { prepared, key, settings: { steering, steerFrom, captureLayers, ...(options.signal ? { signal: options.signal } : {}) } };
  }

  /**
   * Mean L2 norm of the block outputs per layer over a text set: the unit of steering
   * strength. The first `skipTokens` of each text (BOS, whose norm is atypical) are skipped.
   */
  async residualNorms(texts: readonly string[], options: { layers?: readonly number[]; skipTokens?: number } = {}): Promise<Map<number, number>> {
    const layers = validateLayers(options.layers ?? Array.from({ length: this.info.nLayer }, (_, i) => i), this.info.nLayer);
    const skip = options.skipTokens ?? 1;
    const sums = new Map(layers.map((l) => [l, 0]));
    let count = 0;
    const results = await this.forward(texts, { layers });
    for (const result of results) {
      for (let row = skip; row < result.positions.length; row++) {
        count++;
        for (const layer of layers) {
          const data = result.layers.get(layer)!;
          let sum = 0;
          for (let j = row * this.info.nEmbd; j < (row + 1) * this.info.nEmbd; j++) sum += data[j]! * data[j]!;
          sums.set(layer, sums.get(layer)! + Math.sqrt(sum));
        }
      }
    }
    if (count === 0) throw new InvalidInputError("EMPTY_INPUT", `The texts have no tokens after skipping the first ${skip} of each.`);
    return new Map(layers.map((l) => [l, sums.get(l)! / count]));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees the weights once every leased context is back. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.pool.dispose();
    this.native.dispose();
  }
}

export function loadModel(options: LoadModelOptions | string): Promise<Model> {
  return Model.load(options);
}
