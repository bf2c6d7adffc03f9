/**
 * Continuous batching: one context, one decode per step for every running sequence.
 * Sequences join at the next step and leave when done, each with its own sampling,
 * steering (added to its own rows only, see the bridge's setSequenceSteering), stop
 * strings, capture layers and token stream. The batch never waits for a consumer:
 * tokens are pushed, not pulled.
 */
import { randomInt } from "node:crypto";
import { TextDecoder } from "node:util";
import { ContextOverflowError, DisposedError, InvalidInputError, RequestRefusedError, fromNativeError } from "../errors.js";
import type { NativeBridge, NativeModel, NativeSampler } from "./bindings.js";
import type { ContextLease, ContextPool } from "./contextPool.js";
import type { GenerationControl, GenerationResult, SequenceBatchOptions, TokenEvent } from "./contract.js";
import type { FinishReason } from "./finishReason.js";
import type { ForwardModelShape } from "./forward.js";
import type { PreparedRequest } from "./generate.js";
import { PrefixCache } from "./prefixCache.js";
import { TokenStream } from "./tokenStream.js";

export type { SequenceBatchOptions } from "./contract.js";

/** A request with its own steering and capture, as the batch runs it. */
export interface BatchRequest extends PreparedRequest {
  steering: Float32Array | null;
  steerFrom: "prompt" | "generation";
  captureLayers: readonly number[];
  signal?: AbortSignal;
  /** Steering and steerFrom as one string: a cached prefix is reused only under the same. */
  steeringKey: string;
  /** Continues the conversation of earlier generations with this key (see prefixCache.ts). */
  cacheKey?: string;
}

/** One sequence of the batch: its tokens as they come, its result, and control between steps. */
export class BatchedSequence implements AsyncIterable<TokenEvent> {
  readonly result: Promise<GenerationResult>;
  private readonly stream = new TokenStream<GenerationResult>();
  /** @internal */ settle!: { resolve: (r: GenerationResult) => void; reject: (e: unknown) => void };
  /** @internal */ steering: Float32Array | null;
  /** @internal */ haltRequested: string | undefined;
  /** @internal */ readonly push = this.stream.push;

  /** @internal */
  constructor(readonly request: BatchRequest) {
    this.steering = request.steering;
    this.result = this.stream.follow(new Promise((resolve, reject) => (this.settle = { resolve, reject })));
  }

  /** Replaces this sequence's steering from its next decoded token on (null switches it off). */
  setSteering(buffer: Float32Array | null): void {
    this.steering = buffer;
  }

  /** Ends this sequence after its current token with finish reason "halt". */
  halt(reason = "halted by caller"): void {
    this.haltRequested ??= reason;
  }

  [Symbol.asyncIterator](): AsyncIterator<TokenEvent> {
    return this.stream[Symbol.asyncIterator]();
  }
}

interface Slot {
  seq: number;
  handle: BatchedSequence;
  request: BatchRequest;
  maxTokens: number;
  sampler: NativeSampler;
  seed: number;
  generated: number[];
  text: string;
  decoder: TextDecoder;
  /** The last prompt token is still to be decoded (it samples the first reply token). */
  lastPromptDue: boolean;
  pending: number | null;
  done: boolean;
  finish: FinishReason;
  haltReason?: string;
  maxStop: number;
  /** The steering buffer the bridge holds for this sequence (by reference). */
  applied: Float32Array | null;
  /** Tokens whose rows the sequence holds, by position. */
  kv: number[];
  /** Every row so far was computed under the request's own steering, so a later turn may reuse them. */
  uniform: boolean;
  failed: boolean;
  /** Prompt tokens whose rows an earlier turn of the conversation left (not read again). */
  reused: number;
}

/** One row of a step's decode. */
interface Row {
  slot: Slot;
  token: number;
  position: number;
  sample: boolean;
  /** The token event to send (after the decode when the slot captures). */
  event: TokenEvent | null;
}

export class SequenceBatch {
  readonly maxSequences: number;
  readonly tokensPerSequence: number;
  readonly maxQueued: number;
  private readonly queue: BatchedSequence[] = [];
  private readonly slots: (Slot | null)[];
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly cache: PrefixCache;
  /** The context, kept between runs while it holds conversations to continue. */
  private held: ContextLease | null = null;

  constructor(
    private readonly bridge: NativeBridge,
    private readonly model: NativeModel,
    private readonly shape: ForwardModelShape,
    private readonly pool: ContextPool,
    options: SequenceBatchOptions = {},
    /** The model's KV cache can drop a sequence's tail (no sliding window, not recurrent). */
    private readonly tailTrimmable = false,
  ) {
    this.maxSequences = options.maxSequences ?? 8;
    this.tokensPerSequence = options.tokensPerSequence ?? Math.min(shape.contextLength, 4096);
    this.maxQueued = options.maxQueued ?? 64;
    const positive = (name: string, v: number, max: number) => {
      if (!Number.isInteger(v) || v < 1 || v > max) throw new InvalidInputError("INVALID_ARGUMENT", `${name} must be an integer in [1, ${max}], not ${v}.`);
    };
    positive("maxSequences", this.maxSequences, 256);
    positive("tokensPerSequence", this.tokensPerSequence, Math.max(2, shape.contextLength));
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0)
      throw new InvalidInputError("INVALID_ARGUMENT", `maxQueued must be a non-negative integer, not ${this.maxQueued}.`);
    this.slots = new Array<Slot | null>(this.maxSequences).fill(null);
    this.cache = new PrefixCache(this.maxSequences);
  }

  /** Sequences decoding now. */
  get active(): number {
    return this.slots.filter((s) => s !== null).length;
  }

  /** Sequences waiting for a slot. */
  get queued(): number {
    return this.queue.length;
  }

  /** Queues a sequence; it joins the running batch at the next step with a free slot. */
  add(request: BatchRequest): BatchedSequence {
    if (this.closed) throw new DisposedError("DISPOSED", "This batch was closed; start a new one.");
    if (request.prompt.length === 0) throw new InvalidInputError("EMPTY_INPUT", "The prompt is empty; give at least one character.");
    if (request.prompt.length >= this.tokensPerSequence) {
      throw new ContextOverflowError(
        "CONTEXT_FULL",
        `The prompt has ${request.prompt.length} tokens; a sequence of this batch holds ${this.tokensPerSequence} with room to generate. Shorten the prompt.`,
        { tokens: request.prompt.length },
      );
    }
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1)
      throw new InvalidInputError("INVALID_ARGUMENT", `maxTokens must be a positive integer, not ${request.maxTokens}.`);
    // Queued sequences first fill the free slots (they are admitted at the next step); the rest wait.
    const waiting = this.queue.length - (this.maxSequences - this.active);
    if (waiting >= this.maxQueued) {
      throw new RequestRefusedError(
        "QUEUE_FULL",
        `The batch is full: ${this.maxSequences} sequences are decoding and ${waiting} are waiting (the limit). Retry shortly.`,
        { active: this.maxSequences, queued: waiting },
      );
    }
    const handle = new BatchedSequence(request);
    this.queue.push(handle);
    // A sequence whose caller gives up while it waits leaves the line at once. The listener goes
    // when the sequence ends: callers such as a sweep share one signal across thousands of sequences.
    const signal = request.signal;
    if (signal) {
      const leaveLine = () => {
        const at = this.queue.indexOf(handle);
        if (at < 0) return;
        this.queue.splice(at, 1);
        handle.settle.resolve({ text: "", tokens: [], finishReason: "abort", promptTokens: request.prompt.length, seed: request.sampling.seed ?? 0 });
      };
      signal.addEventListener("abort", leaveLine, { once: true });
      const forget = () => signal.removeEventListener("abort", leaveLine);
      handle.result.then(forget, forget);
    }
    this.running ??= this.run().finally(() => (this.running = null));
    return handle;
  }

  /** Refuses new sequences, ends waiting ones with "abort", and lets running ones finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const handle of this.queue.splice(0)) {
      handle.settle.resolve({
        text: "",
        tokens: [],
        finishReason: "abort",
        promptTokens: handle.request.prompt.length,
        seed: handle.request.sampling.seed ?? 0,
      });
    }
    await this.running;
    this.releaseHeld();
  }

  /** Lets go of a conversation that will not continue (its sequence may then serve any request). */
  forget(cacheKey: string): void {
    this.cache.forget(cacheKey);
    if (this.running === null && this.cache.size === 0) this.releaseHeld();
  }

  private releaseHeld(): void {
    this.held?.release();
    this.held = null;
  }

  private async run(): Promise<void> {
    let lease: ContextLease;
    try {
      lease =
        this.held ??
        (await this.pool.acquire({
          nCtx: this.maxSequences * this.tokensPerSequence,
          nSeqMax: this.maxSequences,
          nBatch: Math.max(this.maxSequences, 512),
          perSequence: this.tokensPerSequence,
        }));
      this.held = null;
    } catch (error) {
      for (const handle of this.queue.splice(0)) handle.settle.reject(error);
      return;
    }
    try {
      while (this.queue.length > 0 || this.slots.some((s) => s !== null)) {
        await this.admit(lease);
        const decoded = await this.step(lease);
        // A step that decoded nothing must still let the event loop run (new joins, aborts).
        if (!decoded) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      // Conversations to continue keep the context (and their rows) until forgotten or closed.
      if (this.cache.size > 0 && !this.closed) this.held = lease;
      else lease.release();
    }
  }

  /** Moves waiting sequences into free slots and reads all but their last prompt token. */
  private async admit(lease: ContextLease): Promise<void> {
    const free = this.slots.flatMap((slot, seq) => (slot === null ? [seq] : []));
    while (free.length > 0 && this.queue.length > 0) {
      const handle = this.queue.shift()!;
      const seq = this.cache.choose(free, handle.request);
      free.splice(free.indexOf(seq), 1);
      const slot = this.open(seq, handle);
      this.slots[seq] = slot;
      try {
        await this.prefillHead(lease, slot);
      } catch (error) {
        this.fail(lease, slot, error);
      }
    }
  }

  private open(seq: number, handle: BatchedSequence): Slot {
    const request = handle.request;
    const seed = request.sampling.seed ?? randomInt(0, 2 ** 32 - 1);
    const sampler = new this.bridge.BridgeSampler({ ...request.sampling, seed, nVocab: this.shape.nVocab });
    if ((request.sampling.repeatPenalty ?? 1) !== 1) for (const t of request.prompt) sampler.accept(t);
    return {
      seq,
      handle,
      request,
      maxTokens: Math.min(request.maxTokens, this.tokensPerSequence - request.prompt.length),
      sampler,
      seed,
      generated: [],
      text: "",
      decoder: new TextDecoder("utf-8"),
      lastPromptDue: true,
      pending: null,
      done: false,
      finish: "length",
      maxStop: Math.max(0, ...request.stop.map((s) => s.length)),
      applied: null,
      kv: [],
      uniform: request.steerFrom === "prompt" || request.steering === null,
      failed: false,
      reused: 0,
    };
  }

  private applySteering(lease: ContextLease, slot: Slot, buffer: Float32Array | null): void {
    if (slot.applied === buffer) return;
    lease.setSequenceSteering(slot.seq, buffer);
    slot.applied = buffer;
  }

  // A decode of one sequence alone keeps batch order in every KV layout, which row steering needs.
  private async prefillHead(lease: ContextLease, slot: Slot): Promise<void> {
    const prompt = slot.request.prompt;
    const head = prompt.length - 1;
    // Rows of this conversation's earlier turns stay where the prompt still matches them; all else goes.
    const shared = this.tailTrimmable ? this.cache.reusable(slot.seq, slot.request) : 0;
    this.cache.drop(slot.seq);
    const kept = shared > 0 && lease.native.removeSequence(slot.seq, shared, -1) ? shared : 0;
    if (kept === 0) lease.native.removeSequence(slot.seq);
    slot.kv = Array.from(prompt.subarray(0, kept));
    slot.reused = kept;
    if (head === kept) return;
    this.applySteering(lease, slot, slot.request.steerFrom === "prompt" ? slot.handle.steering : null);
    const chunk = 512;
    for (let start = kept; start < head; start += chunk) {
      const n = Math.min(chunk, head - start);
      await lease.decode({
        tokens: prompt.slice(start, start + n),
        positions: Int32Array.from({ length: n }, (_, i) => start + i),
        seqIds: new Int32Array(n).fill(slot.seq),
        outputs: new Uint8Array(n),
        captureLayers: new Int32Array(0),
        captureMask: new Uint8Array(n),
        wantLogits: false,
        samples: [],
      });
      for (let k = start; k < start + n; k++) slot.kv.push(prompt[k]!);
    }
  }

  /** Records each slot's sampled token, decodes one token per running slot, and retires finished ones. */
  private async step(lease: ContextLease): Promise<boolean> {
    const rows: Row[] = [];
    for (const slot of this.slots) {
      if (slot === null || slot.done) continue;
      if (slot.request.signal?.aborted) {
        this.finish(slot, "abort");
        continue;
      }
      if (slot.handle.haltRequested !== undefined) {
        this.finish(slot, "halt", slot.handle.haltRequested);
        continue;
      }
      const promptLength = slot.request.prompt.length;
      if (slot.lastPromptDue) {
        slot.lastPromptDue = false;
        rows.push({ slot, token: slot.request.prompt[promptLength - 1]!, position: promptLength - 1, sample: true, event: null });
        continue;
      }
      if (slot.pending === null) continue;
      const token = slot.pending;
      slot.pending = null;
      if (this.model.isEog(token)) {
        this.finish(slot, "eog");
        continue;
      }
      const text = this.record(slot, token);
      const event: TokenEvent = { sequence: slot.seq, index: slot.generated.length - 1, token, text, activations: null };
      const captures = slot.request.captureLayers.length > 0;
      if (!captures) this.emit(slot, event);
      // A capturing sequence decodes its last token too, for that token's activations.
      if (!slot.done || captures)
        rows.push({ slot, token, position: promptLength + slot.generated.length - 1, sample: !slot.done, event: captures ? event : null });
    }
    const decoding = rows.filter((r) => r.event !== null || !r.slot.done);
    if (decoding.length > 0) {
      try {
        await this.decodeRows(lease, decoding);
      } catch (error) {
        for (const row of decoding) this.fail(lease, row.slot, error);
      }
    }
    for (const slot of this.slots) if (slot?.done) this.retire(lease, slot);
    return decoding.length > 0;
  }

  private async decodeRows(lease: ContextLease, rows: Row[]): Promise<void> {
    const nLast = this.shape.nLayer - 1;
    const layers = [...new Set(rows.flatMap((r) => (r.event ? [...r.slot.request.captureLayers] : [])))].sort((a, b) => a - b);
    const n = rows.length;
    const outputs = new Uint8Array(n);
    const captureMask = new Uint8Array(n);
    const samples: { index: number; sampler: NativeSampler }[] = [];
    rows.forEach((row, i) => {
      // Both steerFrom modes steer the last prompt token, so the first reply token already is steered.
      this.applySteering(lease, row.slot, row.slot.handle.steering);
      if (row.slot.handle.steering !== row.slot.request.steering) row.slot.uniform = false;
      if (row.event) {
        captureMask[i] = 1;
        if (layers.includes(nLast)) outputs[i] = 1;
      }
      if (row.sample) {
        outputs[i] = 1;
        samples.push({ index: i, sampler: row.slot.sampler });
      }
    });
    const result = await lease.decode({
      tokens: Int32Array.from(rows, (r) => r.token),
      positions: Int32Array.from(rows, (r) => r.position),
      seqIds: Int32Array.from(rows, (r) => r.slot.seq),
      outputs,
      captureLayers: Int32Array.from(layers),
      captureMask,
      wantLogits: false,
      samples,
    });
    samples.forEach((job, k) => (rows[job.index]!.slot.pending = result.sampled[k]!));
    for (const row of rows) {
      if (row.position === row.slot.kv.length) row.slot.kv.push(row.token);
      else row.slot.uniform = false; // rows out of step with the record: keep nothing
    }
    const nEmbd = this.shape.nEmbd;
    let captured = 0;
    rows.forEach((row, i) => {
      if (!captureMask[i]) return;
      const at = captured++;
      const own = row.slot.request.captureLayers;
      row.event!.activations = new Map(own.map((layer) => [layer, result.captures[layers.indexOf(layer)]!.slice(at * nEmbd, (at + 1) * nEmbd)]));
      this.emit(row.slot, row.event!);
    });
  }

  private emit(slot: Slot, event: TokenEvent): void {
    const control: GenerationControl = { halt: (reason = "halted") => slot.handle.halt(reason) };
    try {
      slot.request.onToken?.(event, control);
    } catch (error) {
      // A throwing consumer fails its own sequence, never the batch.
      slot.done = true;
      slot.handle.settle.reject(error);
      return;
    }
    slot.handle.push(event);
    if (slot.handle.haltRequested !== undefined) this.finish(slot, "halt", slot.handle.haltRequested);
  }

  private record(slot: Slot, token: number): string {
    slot.generated.push(token);
    const piece = slot.decoder.decode(this.model.tokenPiece(token, false), { stream: true });
    const before = slot.text.length;
    slot.text += piece;
    if (slot.maxStop > 0) {
      const from = Math.max(0, before - slot.maxStop + 1);
      let cut = -1;
      for (const stop of slot.request.stop) {
        const at = slot.text.indexOf(stop, from);
        if (at >= 0 && (cut < 0 || at < cut)) cut = at;
      }
      if (cut >= 0) {
        slot.text = slot.text.slice(0, cut);
        this.finish(slot, "stop");
      }
    }
    if (!slot.done && slot.generated.length >= slot.maxTokens) this.finish(slot, "length");
    return piece;
  }

  private finish(slot: Slot, reason: FinishReason, haltReason?: string): void {
    if (slot.done) return;
    slot.done = true;
    slot.finish = reason;
    slot.pending = null;
    if (haltReason !== undefined) slot.haltReason = haltReason;
    if (reason !== "stop") slot.text += slot.decoder.decode();
  }

  private fail(lease: ContextLease, slot: Slot, error: unknown): void {
    slot.done = true;
    slot.failed = true;
    slot.handle.settle.reject(fromNativeError(error, "generation"));
    this.retire(lease, slot);
  }

  /** Frees a finished sequence's slot and steering, and its KV cells unless its conversation may continue. */
  private retire(lease: ContextLease, slot: Slot): void {
    if (this.slots[slot.seq] !== slot) return;
    this.slots[slot.seq] = null;
    slot.sampler.dispose();
    const key = slot.request.cacheKey;
    try {
      if (key !== undefined && this.tailTrimmable && slot.uniform && !slot.failed && slot.kv.length > 0) {
        this.cache.keep(slot.seq, key, slot.request.steeringKey, slot.kv);
      } else {
        // Its cache entry already went when the sequence was admitted (prefillHead).
        lease.native.removeSequence(slot.seq);
      }
      this.applySteering(lease, slot, null);
    } catch {
      // the context is gone; the lease's release resets it
    }
    slot.handle.settle.resolve({
      text: slot.text,
      tokens: slot.generated,
      finishReason: slot.finish,
      ...(slot.haltReason !== undefined ? { haltReason: slot.haltReason } : {}),
      promptTokens: slot.request.prompt.length,
      ...(slot.reused > 0 ? { cachedPromptTokens: slot.reused } : {}),
      seed: slot.seed,
    });
  }
}
