/** A single streamed generation: an async iterable of tokens plus its final result. */
import type { GenerationResult, GroupRunner, TokenEvent } from "./generate.js";
import type { Steering } from "./steering.js";

export class Generation implements AsyncIterable<TokenEvent> {
  readonly result: Promise<GenerationResult>;
  private queue: TokenEvent[] = [];
  private wake: (() => void) | null = null;
  private finished = false;

  /** @internal */
  constructor(
    private readonly runner: GroupRunner,
    private readonly toBuffer: (steering: Steering | null) => Float32Array | null,
    start: (push: (event: TokenEvent) => void) => Promise<GenerationResult[]>,
  ) {
    this.result = start((event) => {
      this.queue.push(event);
      this.wake?.();
    })
      .then((results) => results[0]!)
      .finally(() => {
        this.finished = true;
        this.wake?.();
      });
    this.result.catch(() => undefined); // surfaced through the iterator or `result`
  }

  /** Changes steering from the next token on; null switches it off. Validated now, applied before the next decode. */
  setSteering(steering: Steering | null): void {
    this.runner.setSteering(this.toBuffer(steering));
  }

  /** Stops after the current token with finish reason "halt". */
  halt(reason = "halted by caller"): void {
    this.runner.halt(reason);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TokenEvent> {
    for (;;) {
      if (this.queue.length) {
        yield this.queue.shift()!;
        continue;
      }
      if (this.finished) {
        await this.result; // rethrows a failure
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
