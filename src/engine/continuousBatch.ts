/**
 * The public face of a SequenceBatch: generations that share one running batch (one context),
 * each with its own steering, sampling, stop strings, capture and stream. `limbic serve` runs
 * every request through one of these; `generateBatch` uses one when steerings differ.
 */
import type { GenerateOptions, GenerationResult } from "./contract.js";
import type { GenerationHandle, SharedBatch } from "./languageModel.js";
import type { BatchRequest, SequenceBatch } from "./sequenceBatch.js";
import type { Steering } from "./steering.js";

export type { SequenceBatchOptions } from "./contract.js";

export class ContinuousBatch implements SharedBatch {
  /** @internal */
  constructor(
    private readonly batch: SequenceBatch,
    private readonly prepare: (options: GenerateOptions, index: number) => BatchRequest,
    private readonly toBuffer: (steering: Steering | null) => Float32Array | null,
  ) {}

  /** Sequences decoding now. */
  get active(): number {
    return this.batch.active;
  }

  /** Sequences waiting for a free slot. */
  get queued(): number {
    return this.batch.queued;
  }

  /** The most sequences decoded together. */
  get maxSequences(): number {
    return this.batch.maxSequences;
  }

  /** Joins the running batch at its next step; throws QUEUE_FULL when the waiting line is full. */
  generate(options: GenerateOptions): GenerationHandle {
    const sequence = this.batch.add(this.prepare(options, 0));
    return {
      result: sequence.result,
      setSteering: (steering) => sequence.setSteering(this.toBuffer(steering)),
      halt: (reason) => sequence.halt(reason),
      [Symbol.asyncIterator]: () => sequence[Symbol.asyncIterator](),
    };
  }

  /** Several generations in this batch; results in request order, token events numbered by request. */
  generateBatch(requests: readonly GenerateOptions[]): Promise<GenerationResult[]> {
    const prepared = requests.map((options, i) => {
      const request = this.prepare(options, i);
      const onToken = request.onToken;
      return onToken ? { ...request, onToken: ((event, control) => onToken({ ...event, sequence: i }, control)) satisfies BatchRequest["onToken"] } : request;
    });
    return Promise.all(prepared.map((request) => this.batch.add(request).result));
  }

  /** Lets go of a conversation (a `cacheKey`) that will not continue. */
  forget(cacheKey: string): void {
    this.batch.forget(cacheKey);
  }

  /** Refuses new generations, ends waiting ones with "abort", and resolves when running ones are done. */
  close(): Promise<void> {
    return this.batch.close();
  }
}
