/**
 * Contexts for one model. Steering in llama.cpp is global to a context, so every call
 * leases a context of its own for its duration; leases are reused when large enough.
 */
import { DisposedError, fromNativeError } from "../errors.js";
import type { NativeBridge, NativeContext, NativeDecodeRequest, NativeDecodeResult, NativeModel } from "./bindings.js";

export interface ContextNeeds {
  /** Tokens the context must hold, over all its sequences. */
  nCtx: number;
  nSeqMax: number;
  nBatch: number;
  /**
   * Tokens each sequence must hold in a KV stream of its own (llama.cpp's non-unified cache):
   * each token then attends only to its own sequence, which keeps batched generation of many
   * long sequences cheap. Absent: one KV buffer shared by all sequences, split in batch order.
   */
  perSequence?: number;
}

export interface ContextLease {
  readonly native: NativeContext;
  /** Decodes on this context; decodes of one model are queued, as they share one CPU threadpool. */
  decode(request: NativeDecodeRequest): Promise<NativeDecodeResult>;
  /** Sets (or clears, with null) the steering buffer; validated by the caller. */
  setSteering(buffer: Float32Array | null): void;
  /** Sets (or clears) one sequence's own steering, added to that sequence's rows only. */
  setSequenceSteering(seqId: number, buffer: Float32Array | null): void;
  release(): void;
}

interface PooledContext {
  native: NativeContext;
  steered: boolean;
  rowSteered: boolean;
  lastUsed: number;
}

function fits(context: NativeContext, needs: ContextNeeds): boolean {
  if (context.nSeqMax < needs.nSeqMax || context.nBatch < needs.nBatch) return false;
  if (needs.perSequence === undefined) return context.kvUnified && context.nCtx >= needs.nCtx;
  return !context.kvUnified && Math.floor(context.nCtx / context.nSeqMax) >= needs.perSequence;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

export class ContextPool {
  private idle: PooledContext[] = [];
  private live = 0;
  private waiters: (() => void)[] = [];
  private disposed = false;
  private decodeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bridge: NativeBridge,
    private readonly model: NativeModel,
    private readonly threads: number,
    private readonly flashAttention: boolean | "auto",
    private readonly kvCache: "f16" | "f32",
    /** Most contexts alive at once; further leases wait. */
    private readonly maxContexts = 8,
    private readonly maxIdle = 3,
  ) {}

  async acquire(needs: ContextNeeds): Promise<ContextLease> {
    for (;;) {
      if (this.disposed) throw new DisposedError("DISPOSED", "the model was disposed");
      const index = this.idle.findIndex((c) => fits(c.native, needs));
      if (index >= 0) return this.lease(this.idle.splice(index, 1)[0]!);
      if (this.live >= this.maxContexts && this.idle.length > 0) this.disposeContext(this.idle.shift()!);
      if (this.live < this.maxContexts) return this.lease(this.create(needs));
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private create(needs: ContextNeeds): PooledContext {
    const options = {
      nCtx: needs.perSequence === undefined ? Math.max(512, roundUp(needs.nCtx, 256)) : needs.nSeqMax * Math.max(256, roundUp(needs.perSequence, 256)),
      kvUnified: needs.perSequence === undefined ? 1 : 0,
      nBatch: needs.nBatch,
      nUbatch: Math.min(needs.nBatch, 512),
      nSeqMax: needs.nSeqMax,
      nThreads: this.threads,
      flashAttention: this.flashAttention === "auto" ? 2 : this.flashAttention ? 1 : 0,
      kvF32: this.kvCache === "f32" ? 1 : 0,
    };
    try {
      const native = new this.bridge.BridgeContext(this.model, options);
      this.live++;
      return { native, steered: false, rowSteered: false, lastUsed: Date.now() };
    } catch (error) {
      throw fromNativeError(error, "creating a llama.cpp context");
    }
  }

  private lease(pooled: PooledContext): ContextLease {
    let released = false;
    return {
      native: pooled.native,
      decode: (request) => {
        const run = this.decodeQueue.then(() => pooled.native.decode(request));
        this.decodeQueue = run.catch(() => undefined);
        return run;
      },
      setSteering: (buffer) => {
        pooled.native.setSteering(buffer);
        pooled.steered = buffer !== null;
      },
      setSequenceSteering: (seqId, buffer) => {
        pooled.native.setSequenceSteering(seqId, buffer);
        if (buffer !== null) pooled.rowSteered = true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.giveBack(pooled);
      },
    };
  }

  private giveBack(pooled: PooledContext): void {
    try {
      if (pooled.steered) pooled.native.setSteering(null);
      pooled.steered = false;
      if (pooled.rowSteered) pooled.native.clearSequenceSteering();
      pooled.rowSteered = false;
      pooled.native.clearMemory();
    } catch {
      this.disposeContext(pooled);
      this.wakeOne();
      return;
    }
    if (this.disposed) {
      this.disposeContext(pooled);
      return;
    }
    pooled.lastUsed = Date.now();
    this.idle.push(pooled);
    while (this.idle.length > this.maxIdle) this.disposeContext(this.idle.shift()!);
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }

  private disposeContext(pooled: PooledContext): void {
    try {
      pooled.native.dispose();
    } catch {
      // already gone
    }
    this.live--;
    if (this.live === 0) for (const done of this.drained.splice(0)) done();
  }

  private drained: (() => void)[] = [];

  /** Disposes idle contexts now and leased ones when they come back; resolves when none is left. */
  dispose(): Promise<void> {
    this.disposed = true;
    for (const pooled of this.idle.splice(0)) this.disposeContext(pooled);
    for (const wake of this.waiters.splice(0)) wake();
    if (this.live === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  get liveContexts(): number {
    return this.live;
  }
}
