/**
 * VllmModel: the LanguageModel interface on a vLLM server with vllm-lens, over HTTP. One
 * prompt per request, a bounded number of requests in flight; layer L is block L's output,
 * as on llama.cpp (see languageModel.ts); steering is the same absolute vector.
 */
import { checkSampling } from "../sampling.js";
import { randomInt } from "node:crypto";
import { ContextOverflowError, DisposedError, EngineError, InvalidInputError } from "../../errors.js";
import { renderChat, type ChatMessage, type RenderedChat, type ToolDefinition } from "../chatTemplate.js";
import { selectPositions, validateLayers, type ForwardOptions, type ForwardResult } from "../forward.js";
import type { GenerationResult, SamplingOptions } from "../contract.js";
import type { LanguageModel, LanguageModelInfo } from "../languageModel.js";
import type { GenerateOptions, TokenizeOptions } from "../contract.js";
import { meanResidualNorms } from "../residualNorms.js";
import { steeringBuffer, type Steering } from "../steering.js";
import { VllmLensClient, type LensSampling } from "./client.js";
import type { HttpOptions } from "./http.js";
import { probeServer, type ProbedModel } from "./probe.js";
import { formatVllmReference, parseVllmReference, vllmTarget, type VllmTarget } from "./reference.js";
import { lensSteering } from "./steeringPlan.js";
import { VllmSequenceRun, type VllmRunContext, type VllmSequenceRequest } from "./sequenceRun.js";
import { TokenPieces } from "./tokenPieces.js";
import { VllmGeneration } from "./vllmGeneration.js";

export interface VllmModelOptions extends Omit<HttpOptions, "url" | "apiKey"> {
  /** `vllm+http://host:port/<served-model>`, or the parts as a target. */
  model: string | VllmTarget | { url: string; servedModel: string; apiKey?: string };
  apiKey?: string;
  /** Tokens per request when generating (see sequenceRun.ts for the trade-off). Defaults to 64. */
  chunkTokens?: number;
  signal?: AbortSignal;
}

function toTarget(model: VllmModelOptions["model"], apiKey: string | undefined): VllmTarget {
  if (typeof model === "string") return parseVllmReference(model, apiKey);
  return vllmTarget({
    url: model.url,
    servedModel: model.servedModel,
    ...((model.apiKey ?? apiKey) !== undefined ? { apiKey: (model.apiKey ?? apiKey)! } : {}),
  });
}

export class VllmModel implements LanguageModel {
  private disposed = false;
  private readonly pieces: TokenPieces;
  private readonly runContext: VllmRunContext;

  private constructor(
    private readonly client: VllmLensClient,
    private readonly probed: ProbedModel,
    readonly info: LanguageModelInfo,
    private readonly chunkTokens: number,
  ) {
    this.pieces = new TokenPieces(probed.pieceStyle, probed.special, (id) => client.detokenize([id]));
    this.runContext = {
      client,
      shape: { nLayer: info.nLayer, nEmbd: info.nEmbd, contextLength: info.contextLength },
      endOfGeneration: probed.endOfGeneration,
      pieces: this.pieces,
    };
  }

  /** Connects to the server and checks it: the model is served, vllm-lens is loaded. */
  static async connect(options: VllmModelOptions | string): Promise<VllmModel> {
    const opts: VllmModelOptions = typeof options === "string" ? { model: options } : options;
    const target = toTarget(opts.model, opts.apiKey);
    const chunkTokens = opts.chunkTokens ?? 64;
    if (!Number.isInteger(chunkTokens) || chunkTokens < 1)
      throw new InvalidInputError("INVALID_ARGUMENT", `chunkTokens must be a positive integer, not ${chunkTokens}.`);
    const { model: _model, apiKey: _apiKey, chunkTokens: _chunk, signal, ...http } = opts;
    const client = new VllmLensClient({ ...http, url: target.url, ...(target.apiKey !== undefined ? { apiKey: target.apiKey } : {}) }, target.servedModel);
    const probed = await probeServer(client, signal);
    const info: LanguageModelInfo = {
      path: formatVllmReference(target),
      name: probed.servedModel,
      architecture: "unknown",
      nLayer: probed.nLayer,
      nEmbd: probed.nEmbd,
      nVocab: probed.nVocab,
      contextLength: probed.contextLength,
      chatTemplate: probed.chatTemplate,
      sha256: probed.identity,
      sizeBytes: 0,
      nParams: 0,
      description: `served by vLLM at ${target.url} from ${probed.root}`,
      backend: "vllm",
      gpuLayers: 0,
      metadata: { "vllm.root": probed.root, "vllm.tokenizer_class": probed.tokenizerClass, "vllm.piece_style": probed.pieceStyle },
    };
    return new VllmModel(client, probed, info, chunkTokens);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** HTTP retries made so far (429, 503, dropped connections). */
  get retries(): number {
    return this.client.http.retries;
  }

  private ensureUsable(): void {
    if (this.disposed) throw new DisposedError("DISPOSED", "This vLLM model was disposed; connect again.");
  }

  async tokenize(text: string, options: TokenizeOptions = {}): Promise<Int32Array> {
    this.ensureUsable();
    if (typeof text !== "string") throw new InvalidInputError("INVALID_ARGUMENT", "tokenize needs a string.");
    if (options.parseSpecial === false)
      throw new EngineError(
        "CAPABILITY_UNAVAILABLE",
        "vLLM's tokenizer always reads special-token text (such as <start_of_turn>) as the special token; parseSpecial: false needs the llama.cpp backend.",
      );
    const { tokens, pieces } = await this.client.tokenize(text, options.addSpecial ?? true);
    this.pieces.learn(tokens, pieces);
    return Int32Array.from(tokens);
  }

  tokenizePrompt(text: string): Promise<Int32Array> {
    const startsWithBos = this.probed.bosText !== "" && text.startsWith(this.probed.bosText);
    return this.tokenize(text, { addSpecial: !startsWithBos });
  }

  async detokenize(tokens: Int32Array | readonly number[], options: { renderSpecial?: boolean } = {}): Promise<string> {
    this.ensureUsable();
    const ids = this.checkTokens(Int32Array.from(tokens), "detokenize");
    const pieces = await this.pieces.resolve(Array.from(ids), options.renderSpecial ?? false);
    return Buffer.concat(pieces).toString("utf8");
  }

  async tokenBytes(token: number, renderSpecial = true): Promise<Uint8Array> {
    this.ensureUsable();
    this.checkTokens(Int32Array.of(token), "tokenBytes");
    return (await this.pieces.resolve([token], renderSpecial))[0]!;
  }

  async tokenText(token: number, renderSpecial = true): Promise<string> {
    return Buffer.from(await this.tokenBytes(token, renderSpecial)).toString("utf8");
  }

  isEndOfGeneration(token: number): boolean {
    return this.probed.endOfGeneration.has(token);
  }

  applyChatTemplate(messages: readonly ChatMessage[], options: { addGenerationPrompt?: boolean; tools?: readonly ToolDefinition[] } = {}): RenderedChat {
    if (!Array.isArray(messages) || messages.length === 0) throw new InvalidInputError("EMPTY_INPUT", "applyChatTemplate needs at least one message.");
    return renderChat(this.info.chatTemplate, messages, { ...options, bosText: this.probed.bosText, eosText: this.probed.eosText });
  }

  steeringBuffer(steering: Steering | null | undefined): Float32Array | null {
    return steeringBuffer(steering, this.info.nLayer, this.info.nEmbd);
  }

  private checkTokens(tokens: Int32Array, what: string): Int32Array {
    for (const t of tokens) {
      if (!Number.isInteger(t) || t < 0 || t >= this.info.nVocab)
        throw new InvalidInputError("INVALID_TOKEN", `${what} has token ${t}, outside the vocabulary of ${this.info.nVocab}.`, { token: t });
    }
    return tokens;
  }

  private async toTokens(input: string | Int32Array | readonly number[], what: string): Promise<Int32Array> {
    if (typeof input === "string") {
      if (input.length === 0) throw new InvalidInputError("EMPTY_INPUT", `${what} is empty; give at least one character.`);
      return this.tokenizePrompt(input);
    }
    return this.checkTokens(Int32Array.from(input), what);
  }

  /**
   * One request per sequence (max_tokens 1: vllm-lens then returns every prompt position),
   * all in flight together up to the client's limit. Logits are not available on vLLM.
   */
  async forward(
    inputs: readonly (string | Int32Array | readonly number[])[],
    options: ForwardOptions & { steering?: Steering } = {},
  ): Promise<ForwardResult[]> {
    this.ensureUsable();
    if (!Array.isArray(inputs) || inputs.length === 0) throw new InvalidInputError("EMPTY_INPUT", "forward needs at least one input sequence.");
    if (options.logits)
      throw new EngineError("CAPABILITY_UNAVAILABLE", "Full logits are not available from a vLLM server; use the llama.cpp backend for logits.");
    const layers = validateLayers(options.layers ?? [], this.info.nLayer);
    const ascending = [...layers].sort((a, b) => a - b);
    const buffer = this.steeringBuffer(options.steering);
    const sequences = await Promise.all(inputs.map((input, i) => this.toTokens(input, `Input ${i}`)));
    const selections = sequences.map((tokens, i) => {
      if (tokens.length === 0) throw new InvalidInputError("EMPTY_INPUT", `Sequence ${i} is empty; give at least one token or character.`, { sequence: i });
      if (tokens.length >= this.info.contextLength) {
        throw new ContextOverflowError(
          "CONTEXT_FULL",
          `Sequence ${i} has ${tokens.length} tokens; the vLLM server's context holds ${this.info.contextLength} (one more for the token vLLM must sample). Shorten it or split it.`,
          { sequence: i, tokens: tokens.length },
        );
      }
      return selectPositions(options.positions ?? "all", tokens.length, i);
    });
    const total = sequences.reduce((a, s) => a + s.length, 0);
    let done = 0;
    const nEmbd = this.info.nEmbd;
    return Promise.all(
      sequences.map(async (tokens, i) => {
        const selected = selections[i]!;
        const result: ForwardResult = { tokens, positions: selected, layers: new Map(), logits: null };
        if (ascending.length > 0) {
          const response = await this.client.complete({
            prompt: tokens,
            maxTokens: 1,
            sampling: { temperature: 0, topK: 0, topP: 1, minP: 0 },
            captureLayers: ascending,
            steering: lensSteering([{ from: 0, buffer }], tokens.length + 1, this.info.nLayer, nEmbd),
          });
          const stream = response.activations!;
          for (const layer of layers) {
            const slot = stream.layers.indexOf(layer);
            const base = slot * stream.positions;
            if (isConsecutive(selected)) {
              // A run of positions is already laid out as one block: a view, not a copy.
              const from = (base + (selected[0] ?? 0)) * nEmbd;
              result.layers.set(layer, stream.data.subarray(from, from + selected.length * nEmbd));
              continue;
            }
            const out = new Float32Array(selected.length * nEmbd);
            selected.forEach((position, row) => out.set(stream.data.subarray((base + position) * nEmbd, (base + position + 1) * nEmbd), row * nEmbd));
            result.layers.set(layer, out);
          }
        }
        done += tokens.length;
        options.onProgress?.(done, total);
        return result;
      }),
    );
  }

  /** One streamed generation; options are checked at once, the prompt is tokenized on the server. */
  generate(options: GenerateOptions): VllmGeneration {
    this.ensureUsable();
    const settings = this.checkRequest(options, 0);
    return new VllmGeneration(
      (steering) => this.steeringBuffer(steering),
      async (push, attach) => {
        const request = await this.withPrompt(options, settings, 0);
        const run = new VllmSequenceRun(this.runContext, {
          ...request,
          onToken: (event, control) => {
            push(event);
            options.onToken?.(event, control);
          },
        });
        attach(run);
        return run.run();
      },
    );
  }

  async generateBatch(requests: readonly GenerateOptions[]): Promise<GenerationResult[]> {
    this.ensureUsable();
    if (!Array.isArray(requests) || requests.length === 0) throw new InvalidInputError("EMPTY_INPUT", "generateBatch needs at least one request.");
    const prepared = await Promise.all(requests.map((r, i) => this.prepare(r, i)));
    return Promise.all(prepared.map((request) => new VllmSequenceRun(this.runContext, request).run()));
  }

  private prepare(options: GenerateOptions, index: number) {
    return this.withPrompt(options, this.checkRequest(options, index), index);
  }

  /** Everything about a request that needs no server: layers, steering, stops, seed, sampling. */
  private checkRequest(options: GenerateOptions, index: number) {
    if (!options || typeof options !== "object") throw new InvalidInputError("INVALID_ARGUMENT", `Request ${index} must be an options object.`);
    if (!options.messages && options.prompt === undefined) throw new InvalidInputError("EMPTY_INPUT", `Request ${index} has neither prompt nor messages.`);
    const captureLayers = validateLayers(options.captureLayers ?? [], this.info.nLayer).sort((a, b) => a - b);
    const steering = this.steeringBuffer(options.steering);
    const steerFrom = options.steerFrom ?? "prompt";
    if (steerFrom !== "prompt" && steerFrom !== "generation")
      throw new InvalidInputError("INVALID_ARGUMENT", `steerFrom must be "prompt" or "generation", not "${String(steerFrom)}".`);
    const maxTokens = options.maxTokens ?? 256;
    if (!Number.isInteger(maxTokens) || maxTokens < 1)
      throw new InvalidInputError("INVALID_ARGUMENT", `Request ${index}: maxTokens must be a positive integer, not ${maxTokens}.`);
    const stop = options.stop ?? [];
    if (!Array.isArray(stop) || stop.some((s) => typeof s !== "string" || s.length === 0))
      throw new InvalidInputError("INVALID_ARGUMENT", "stop must be a list of non-empty strings.");
    const seed = options.seed ?? randomInt(0, 2 ** 32 - 1);
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
      throw new InvalidInputError("INVALID_ARGUMENT", `seed must be an integer in [0, 2^32), not ${seed}.`);
    return { captureLayers, steering, steerFrom, maxTokens, stop, sampling: { ...samplingFor(options), seed } } as const;
  }

  private async withPrompt(options: GenerateOptions, settings: ReturnType<VllmModel["checkRequest"]>, index: number): Promise<VllmSequenceRequest> {
    const prompt = options.messages
      ? await this.toTokens(this.applyChatTemplate(options.messages).text, `Request ${index}'s messages`)
      : await this.toTokens(options.prompt!, `Request ${index}'s prompt`);
    if (prompt.length + 1 >= this.info.contextLength) {
      throw new ContextOverflowError(
        "CONTEXT_FULL",
        `Request ${index}: the prompt has ${prompt.length} tokens; the vLLM server's context holds ${this.info.contextLength} with room to generate. Shorten the prompt.`,
        { tokens: prompt.length },
      );
    }
    return {
      ...settings,
      sequence: index,
      prompt,
      // One position stays free so that the last token can be read (see sequenceRun.ts).
      maxTokens: Math.min(settings.maxTokens, this.info.contextLength - prompt.length - 1),
      chunkTokens: this.chunkTokens,
      ...(options.onToken ? { onToken: options.onToken } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
  }

  residualNorms(texts: readonly string[], options: { layers?: readonly number[]; skipTokens?: number } = {}): Promise<Map<number, number>> {
    return meanResidualNorms((t, o) => this.forward(t, o), this.info, texts, options);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.client.http.close();
  }
}

/**
 * Limbic's sampling defaults (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05) on vLLM's
 * sampler. The same seed gives different text on the two backends (different samplers);
 * vLLM's repetition penalty has no window (repeatLastN is ignored).
 */
function samplingFor(options: SamplingOptions): LensSampling {
  const { temperature, topK, topP, minP } = checkSampling(options);
  return {
    temperature,
    topK,
    topP,
    minP,
    ...(options.repeatPenalty !== undefined && options.repeatPenalty !== 1 ? { repetitionPenalty: options.repeatPenalty } : {}),
  };
}

function isConsecutive(positions: ArrayLike<number>): boolean {
  for (let i = 1; i < positions.length; i++) if (positions[i] !== positions[i - 1]! + 1) return false;
  return true;
}
