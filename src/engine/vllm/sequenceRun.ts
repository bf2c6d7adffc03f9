/**
 * One generation on vLLM with Limbic's token-by-token semantics, built from whole requests.
 *
 * vllm-lens returns a request's activations only when it ends, and never runs the last
 * sampled token through the model. So a generation is a series of requests ("chunks"), each
 * continuing from the prompt plus the tokens so far, with capture at the asked layers:
 * - token i's event carries the block outputs at its own position (as llama.cpp's does); the
 *   last token of a chunk is run, and read, by the next chunk (or a final one-token request);
 * - a steering change or halt made in token i's event takes effect from position i + 1: token
 *   i + 1 (already sampled) is kept, later tokens of the chunk are dropped and generated again
 *   under the new steering. Steering is position by position (steeringPlan.ts), so what was
 *   read before the change keeps the steering it was read with, as in llama.cpp's KV cache.
 * The cost: each chunk re-reads its context (vllm-lens bypasses the prefix cache for captured
 * requests), and a change mid-chunk discards the rest of that chunk. Small chunks react sooner
 * and waste less on a change; large ones re-read less.
 */
import { TextDecoder } from "node:util";
import { EngineError, LimbicError } from "../../errors.js";
import type { FinishReason, GenerationControl, GenerationResult, TokenEvent } from "../contract.js";
import type { CapturedStream, LensSampling, VllmLensClient } from "./client.js";
import { lensSteering, type SteeringSegment } from "./steeringPlan.js";
import type { TokenPieces } from "./tokenPieces.js";

export interface VllmModelShape {
  nLayer: number;
  nEmbd: number;
  contextLength: number;
}

export interface VllmRunContext {
  client: VllmLensClient;
  shape: VllmModelShape;
  /** Tokens that end a generation (not part of the text), as llama.cpp's EOG set. */
  endOfGeneration: ReadonlySet<number>;
  pieces: TokenPieces;
}

export interface VllmSequenceRequest {
  sequence: number;
  prompt: Int32Array;
  /** At most contextLength - prompt - 1, so the last token can still be read. */
  maxTokens: number;
  stop: readonly string[];
  sampling: LensSampling & { seed: number };
  /** Ascending block indices. */
  captureLayers: readonly number[];
  steering: Float32Array | null;
  steerFrom: "prompt" | "generation";
  chunkTokens: number;
  onToken?: (event: TokenEvent, control: GenerationControl) => void;
  signal?: AbortSignal;
}

export class VllmSequenceRun {
  private readonly segments: SteeringSegment[];
  private pendingSteering: { buffer: Float32Array | null } | null = null;
  private haltRequested: string | undefined;
  private readonly generated: number[] = [];
  private text = "";
  private readonly decoder = new TextDecoder("utf-8");
  private done = false;
  private finishReason: FinishReason = "length";
  private haltReason: string | undefined;
  private readonly maxStop: number;
  /** The last recorded token whose event still waits for its activations. */
  private unread: { token: number; index: number; text: string } | null = null;

  constructor(
    private readonly context: VllmRunContext,
    private readonly request: VllmSequenceRequest,
  ) {
    const promptLength = request.prompt.length;
    this.segments =
      request.steerFrom === "generation" && request.steering
        ? [
            { from: 0, buffer: null },
            { from: promptLength - 1, buffer: request.steering },
          ]
        : [{ from: 0, buffer: request.steering }];
    this.maxStop = Math.max(0, ...request.stop.map((s) => s.length));
  }

  /** Replaces the steering from the next token on (null switches it off). */
  setSteering(buffer: Float32Array | null): void {
    this.pendingSteering = { buffer };
  }

  halt(reason = "halted by caller"): void {
    this.haltRequested ??= reason;
  }

  private get capture(): boolean {
    return this.request.captureLayers.length > 0;
  }

  async run(): Promise<GenerationResult> {
    try {
      while (!this.done) {
        if (this.request.signal?.aborted) {
          this.finish("abort");
          break;
        }
        this.applyPendingSteering();
        await this.step();
      }
      // The last token's event is still due (with capture, it needs the block outputs at its position).
      if (this.unread && this.finishReason !== "abort" && this.finishReason !== "halt") {
        if (this.capture) await this.readLast();
        else this.emit(this.unread, null, 0);
      }
      return this.result();
    } catch (error) {
      if (error instanceof LimbicError && error.code === "ABORTED") {
        this.finish("abort");
        return this.result();
      }
      throw error;
    }
  }

  private result(): GenerationResult {
    return {
      text: this.text,
      tokens: [...this.generated],
      finishReason: this.finishReason,
      ...(this.haltReason !== undefined ? { haltReason: this.haltReason } : {}),
      promptTokens: this.request.prompt.length,
      seed: this.request.sampling.seed,
    };
  }

  private contextTokens(): Int32Array {
    const tokens = new Int32Array(this.request.prompt.length + this.generated.length);
    tokens.set(this.request.prompt);
    tokens.set(this.generated, this.request.prompt.length);
    return tokens;
  }

  /** The first position not yet run through the model: the last sampled token's, or the first to generate. */
  private nextFreshPosition(): number {
    return this.request.prompt.length + Math.max(0, this.generated.length - 1);
  }

  private applyPendingSteering(): void {
    if (!this.pendingSteering) return;
    const from = this.nextFreshPosition();
    while (this.segments.length > 1 && this.segments[this.segments.length - 1]!.from >= from) this.segments.pop();
    if (this.segments.length === 1 && this.segments[0]!.from >= from) this.segments.pop();
    this.segments.push({ from, buffer: this.pendingSteering.buffer });
    this.pendingSteering = null;
  }

  private async step(): Promise<void> {
    const { shape } = this.context;
    const context = this.contextTokens();
    const remaining = this.request.maxTokens - this.generated.length;
    // With capture, one token more than needed: sampling it runs the last kept token through the model.
    const wanted = Math.min(this.request.chunkTokens, this.capture ? remaining + 1 : remaining);
    const maxNew = Math.max(1, Math.min(wanted, shape.contextLength - context.length));
    const chunkSeed = (this.request.sampling.seed + Math.imul(this.generated.length, 0x9e3779b1)) >>> 0;
    const response = await this.context.client.complete({
      prompt: context,
      maxTokens: maxNew,
      sampling: { ...this.request.sampling, seed: chunkSeed },
      stopTokenIds: [...this.context.endOfGeneration],
      ...(this.capture ? { captureLayers: this.request.captureLayers } : {}),
      steering: lensSteering(this.segments, context.length + maxNew, shape.nLayer, shape.nEmbd),
      ...(this.request.signal ? { signal: this.request.signal } : {}),
    });
    const activations = response.activations;
    const bytes = await this.context.pieces.resolve(response.tokens, false);
    // The token sampled last time is read now, at position context.length - 1.
    if (this.unread) {
      const unread = this.unread;
      this.unread = null;
      if (this.emit(unread, activations, context.length - 1)) return this.keepAfterChange(response.tokens, bytes, 0);
    }
    // vLLM stopped on an end-of-generation id (whether or not it lists that id among the tokens).
    const endedByEog = response.finishReason === "stop" && typeof response.stopReason === "number";
    if (response.tokens.length === 0) {
      this.finish(endedByEog ? "eog" : "length");
      return;
    }
    for (let k = 0; k < response.tokens.length && !this.done; k++) {
      const token = response.tokens[k]!;
      if (this.context.endOfGeneration.has(token)) {
        this.finish("eog");
        return;
      }
      const recorded = this.record(token, bytes[k]!);
      const position = context.length + k;
      const readable = !this.capture || (activations !== null && position < activations.positions);
      if (!readable) {
        this.unread = recorded;
        if (endedByEog && k === response.tokens.length - 1) this.finish("eog");
        return;
      }
      if (this.emit(recorded, activations, position)) return this.keepAfterChange(response.tokens, bytes, k + 1);
    }
    if (!this.done && endedByEog) this.finish("eog");
  }

  /** After a change of steering, the token already sampled at the change point is kept (unread); later ones are dropped. */
  private keepAfterChange(tokens: readonly number[], bytes: readonly Uint8Array[], k: number): void {
    if (this.done || k >= tokens.length) return;
    if (this.context.endOfGeneration.has(tokens[k]!)) {
      this.finish("eog");
      return;
    }
    this.unread = this.record(tokens[k]!, bytes[k]!);
  }

  /** Runs the final token through the model (a one-token request whose sample is discarded) and emits its event. */
  private async readLast(): Promise<void> {
    const context = this.contextTokens();
    const response = await this.context.client.complete({
      prompt: context,
      maxTokens: 1,
      sampling: { ...this.request.sampling, temperature: 0 },
      captureLayers: this.request.captureLayers,
      steering: lensSteering(this.segments, context.length + 1, this.context.shape.nLayer, this.context.shape.nEmbd),
      ...(this.request.signal ? { signal: this.request.signal } : {}),
    });
    const unread = this.unread!;
    this.unread = null;
    this.emit(unread, response.activations, context.length - 1);
  }

  private record(token: number, bytes: Uint8Array): { token: number; index: number; text: string } {
    this.generated.push(token);
    const piece = this.decoder.decode(bytes, { stream: true });
    const before = this.text.length;
    this.text += piece;
    if (this.maxStop > 0) {
      const from = Math.max(0, before - this.maxStop + 1);
      let cut = -1;
      for (const stop of this.request.stop) {
        const at = this.text.indexOf(stop, from);
        if (at >= 0 && (cut < 0 || at < cut)) cut = at;
      }
      if (cut >= 0) {
        this.text = this.text.slice(0, cut);
        this.finish("stop");
      }
    }
    if (!this.done && this.generated.length >= this.request.maxTokens) this.finish("length");
    return { token, index: this.generated.length - 1, text: piece };
  }

  /** Sends one token's event; true when the caller halted or changed steering (the rest of the chunk is then dropped). */
  private emit(recorded: { token: number; index: number; text: string }, activations: CapturedStream | null, position: number): boolean {
    let values: Map<number, Float32Array> | null = null;
    if (this.capture) {
      if (!activations || position >= activations.positions)
        throw new EngineError("CAPTURE_FAILED", `vLLM returned no activations for generated token ${recorded.index} (position ${position}).`);
      const { nEmbd, positions } = activations;
      values = new Map(
        activations.layers.map((layer, slot) => [
          layer,
          activations.data.slice((slot * positions + position) * nEmbd, (slot * positions + position + 1) * nEmbd),
        ]),
      );
    }
    const control: GenerationControl = { halt: (reason = "halted") => this.halt(reason) };
    this.request.onToken?.(
      { sequence: this.request.sequence, index: recorded.index, token: recorded.token, text: recorded.text, activations: values },
      control,
    );
    if (this.haltRequested !== undefined) {
      this.finish("halt", this.haltRequested);
      return true;
    }
    // Tokens after the next one were sampled under the old steering: the caller drops them.
    return !this.done && this.pendingSteering !== null;
  }

  private finish(reason: FinishReason, haltReason?: string): void {
    if (this.done) return;
    this.done = true;
    this.finishReason = reason;
    if (haltReason !== undefined) this.haltReason = haltReason;
    if (reason !== "stop") this.text += this.decoder.decode();
  }
}
