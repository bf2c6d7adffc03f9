/**
 * Token-by-token generation of one or several sequences in one context: llama.cpp
 * samples, Limbic streams tokens, captures each token's block outputs, and lets the
 * caller change steering or stop between steps.
 */
import { randomInt } from "node:crypto";
import { TextDecoder } from "node:util";
import { ContextOverflowError, InvalidInputError, fromNativeError } from "../errors.js";
import type { NativeBridge, NativeModel, NativeSampler } from "./bindings.js";
import type { ContextLease, ContextPool } from "./contextPool.js";
import type { ForwardModelShape } from "./forward.js";

export type { FinishReason, GenerationControl, GenerationResult, SamplingOptions, TokenEvent } from "./contract.js";
import type { GenerationControl, GenerationResult, SamplingOptions, TokenEvent } from "./contract.js";
import type { FinishReason } from "./finishReason.js";

/** A request after the model has tokenized the prompt and validated steering. */
export interface PreparedRequest {
  prompt: Int32Array;
  maxTokens: number;
  stop: readonly string[];
  sampling: SamplingOptions;
  onToken?: (event: TokenEvent, control: GenerationControl) => void;
}

export interface GroupSettings {
  steering: Float32Array | null;
  steerFrom: "prompt" | "generation";
  captureLayers: readonly number[];
  signal?: AbortSignal;
}

interface SequenceState {
  request: PreparedRequest;
  sampler: NativeSampler;
  seed: number;
  generated: number[];
  text: string;
  decoder: TextDecoder;
  pending: number | null;
  done: boolean;
  finish: FinishReason;
  haltReason?: string;
  haltRequested?: string;
  maxStop: number;
}

/** Handle to a running group: steering and stop requests take effect before the next decode. */
export class GroupRunner {
  private pendingSteering: { buffer: Float32Array | null } | null = null;
  private states: SequenceState[] = [];

  constructor(
    private readonly bridge: NativeBridge,
    private readonly model: NativeModel,
    private readonly shape: ForwardModelShape,
    private readonly pool: ContextPool,
    private readonly requests: readonly PreparedRequest[],
    private readonly settings: GroupSettings,
  ) {
    for (const [i, r] of requests.entries()) {
      if (r.prompt.length === 0) throw new InvalidInputError("EMPTY_INPUT", `Request ${i}: the prompt is empty; give at least one character.`);
      if (r.prompt.length >= shape.contextLength) {
        throw new ContextOverflowError(
          "CONTEXT_FULL",
          `Request ${i}: the prompt has ${r.prompt.length} tokens; the model's context holds ${shape.contextLength} with room to generate. Shorten the prompt.`,
          { tokens: r.prompt.length },
        );
      }
      if (!Number.isInteger(r.maxTokens) || r.maxTokens < 1)
        throw new InvalidInputError("INVALID_ARGUMENT", `Request ${i}: maxTokens must be a positive integer, not ${r.maxTokens}.`);
    }
  }

  /** Replaces the steering from the next decoded token on (null switches it off). */
  setSteering(buffer: Float32Array | null): void {
    this.pendingSteering = { buffer };
  }

  /** Ends every sequence (or one) with finish reason "halt". */
  halt(reason = "halted by caller", sequence?: number): void {
    this.states.forEach((s, i) => {
      if (sequence === undefined || sequence === i) s.haltRequested ??= reason;
    });
  }

  async run(): Promise<GenerationResult[]> {
    const total = this.requests.reduce((a, r) => a + r.prompt.length + r.maxTokens, 0);
    const promptTotal = this.requests.reduce((a, r) => a + r.prompt.length, 0);
    const nBatch = Math.max(this.requests.length, Math.min(512, promptTotal));
    // Several sequences get a KV stream each, so that no token attends to another sequence's cells.
    const perSequence = this.requests.length > 1 ? Math.max(...this.requests.map((r) => r.prompt.length + r.maxTokens)) : undefined;
    const lease = await this.pool.acquire({ nCtx: total, nSeqMax: this.requests.length, nBatch, ...(perSequence !== undefined ? { perSequence } : {}) });
    try {
      this.states = this.requests.map((request) => this.createState(request));
      await this.prefill(lease, nBatch);
      await this.loop(lease);
      return this.states.map((s) => ({
        text: s.text,
        tokens: s.generated,
        finishReason: s.finish,
        ...(s.haltReason !== undefined ? { haltReason: s.haltReason } : {}),
        promptTokens: s.request.prompt.length,
        seed: s.seed,
      }));
    } catch (error) {
      throw fromNativeError(error, "generation");
    } finally {
      for (const s of this.states) s.sampler.dispose();
      lease.release();
    }
  }

  private createState(request: PreparedRequest): SequenceState {
    const seed = request.sampling.seed ?? randomInt(0, 2 ** 32 - 1);
    const sampler = new this.bridge.BridgeSampler({ ...request.sampling, seed, nVocab: this.shape.nVocab });
    if ((request.sampling.repeatPenalty ?? 1) !== 1) for (const t of request.prompt) sampler.accept(t);
    const maxStop = Math.max(0, ...request.stop.map((s) => s.length));
    return { request, sampler, seed, generated: [], text: "", decoder: new TextDecoder("utf-8"), pending: null, done: false, finish: "length", maxStop };
  }

  private async prefill(context: ContextLease, nBatch: number): Promise<void> {
    const { steering, steerFrom } = this.settings;
    if (steering && steerFrom === "prompt") context.setSteering(steering);
    // Every prompt token but the last, then the last ones (which sample the first token).
    const head: [number, number][] = [];
    const tail: [number, number][] = [];
    this.states.forEach((s, seq) => {
      const n = s.request.prompt.length;
      for (let p = 0; p < n - 1; p++) head.push([seq, p]);
      tail.push([seq, n - 1]);
    });
    await this.decodeStream(context, head, nBatch, false);
    // "generation": the last prompt token is steered, so the first generated token already is.
    if (steering && steerFrom === "generation") context.setSteering(steering);
    await this.decodeStream(context, tail, nBatch, true);
  }

  private async decodeStream(context: ContextLease, stream: [number, number][], nBatch: number, sampleLast: boolean): Promise<void> {
    for (let start = 0; start < stream.length; start += nBatch) {
      const chunk = stream.slice(start, start + nBatch);
      const n = chunk.length;
      const tokens = new Int32Array(n);
      const positions = new Int32Array(n);
      const seqIds = new Int32Array(n);
      const outputs = new Uint8Array(n);
      const samples: { index: number; sampler: NativeSampler }[] = [];
      chunk.forEach(([seq, p], i) => {
        const s = this.states[seq]!;
        tokens[i] = s.request.prompt[p]!;
        positions[i] = p;
        seqIds[i] = seq;
        if (sampleLast) {
          outputs[i] = 1;
          samples.push({ index: i, sampler: s.sampler });
        }
      });
      const result = await context.decode({
        tokens,
        positions,
        seqIds,
        outputs,
        captureLayers: new Int32Array(0),
        captureMask: new Uint8Array(n),
        wantLogits: false,
        samples,
      });
      samples.forEach((job, k) => (this.states[chunk[job.index]![0]]!.pending = result.sampled[k]!));
    }
  }

  private record(s: SequenceState, token: number): string {
    s.generated.push(token);
    const piece = s.decoder.decode(this.model.tokenPiece(token, false), { stream: true });
    const before = s.text.length;
    s.text += piece;
    if (s.maxStop > 0) {
      const from = Math.max(0, before - s.maxStop + 1);
      let cut = -1;
      for (const stop of s.request.stop) {
        const at = s.text.indexOf(stop, from);
        if (at >= 0 && (cut < 0 || at < cut)) cut = at;
      }
      if (cut >= 0) {
        s.text = s.text.slice(0, cut);
        this.finish(s, "stop");
      }
    }
    if (!s.done && s.generated.length >= s.request.maxTokens) this.finish(s, "length");
    return piece;
  }

  private finish(s: SequenceState, reason: FinishReason, haltReason?: string): void {
    if (s.done) return;
    s.done = true;
    s.finish = reason;
    if (haltReason !== undefined) s.haltReason = haltReason;
    if (reason !== "stop") s.text += s.decoder.decode();
  }

  private async loop(context: ContextLease): Promise<void> {
    const layers = this.settings.captureLayers;
    const capture = layers.length > 0;
    const capturesLast = layers.includes(this.shape.nLayer - 1);
    for (;;) {
      if (this.settings.signal?.aborted) for (const s of this.states) this.finish(s, "abort");
      const fed: { seq: number; token: number; index: number; text: string; position: number }[] = [];
      this.states.forEach((s, seq) => {
        if (s.done || s.pending === null) return;
        const token = s.pending;
        s.pending = null;
        if (this.model.isEog(token)) return this.finish(s, "eog");
        const text = this.record(s, token);
        fed.push({ seq, token, index: s.generated.length - 1, text, position: s.request.prompt.length + s.generated.length - 1 });
      });
      if (!capture) this.emit(fed, null);
      const toDecode = fed.filter((f) => capture || !this.states[f.seq]!.done);
      if (toDecode.length === 0) break;
      if (this.pendingSteering) {
        context.setSteering(this.pendingSteering.buffer);
        this.pendingSteering = null;
      }
      const n = toDecode.length;
      const outputs = new Uint8Array(n);
      const samples: { index: number; sampler: NativeSampler }[] = [];
      toDecode.forEach((f, i) => {
        const s = this.states[f.seq]!;
        if (!s.done) {
          outputs[i] = 1;
          samples.push({ index: i, sampler: s.sampler });
        } else if (capturesLast) {
          outputs[i] = 1;
        }
      });
      const result = await context.decode({
        tokens: Int32Array.from(toDecode, (f) => f.token),
        positions: Int32Array.from(toDecode, (f) => f.position),
        seqIds: Int32Array.from(toDecode, (f) => f.seq),
        outputs,
        captureLayers: Int32Array.from(layers),
        captureMask: new Uint8Array(n).fill(capture ? 1 : 0),
        wantLogits: false,
        samples,
      });
      samples.forEach((job, k) => (this.states[toDecode[job.index]!.seq]!.pending = result.sampled[k]!));
      if (capture) {
        const nEmbd = this.shape.nEmbd;
        this.emit(toDecode, (i) => new Map(layers.map((layer, slot) => [layer, result.captures[slot]!.slice(i * nEmbd, (i + 1) * nEmbd)])));
      }
    }
  }

  private emit(fed: { seq: number; token: number; index: number; text: string }[], activationsOf: ((i: number) => Map<number, Float32Array>) | null): void {
    fed.forEach((f, i) => {
      const s = this.states[f.seq]!;
      const control: GenerationControl = { halt: (reason = "halted") => (s.haltRequested ??= reason) };
      s.request.onToken?.({ sequence: f.seq, index: f.index, token: f.token, text: f.text, activations: activationsOf ? activationsOf(i) : null }, control);
      if (s.haltRequested !== undefined) {
        this.finish(s, "halt", s.haltRequested);
        s.pending = null;
      }
    });
    for (const s of this.states) {
      if (!s.done && s.haltRequested !== undefined) {
        this.finish(s, "halt", s.haltRequested);
        s.pending = null;
      }
    }
  }
}
