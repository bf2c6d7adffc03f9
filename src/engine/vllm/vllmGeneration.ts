/** A single streamed generation on vLLM: the same surface as the llama.cpp backend's Generation. */
import type { GenerationResult, TokenEvent } from "../generate.js";
import type { GenerationHandle } from "../languageModel.js";
import type { Steering } from "../steering.js";
import type { VllmSequenceRun } from "./sequenceRun.js";

export class VllmGeneration implements GenerationHandle {
  readonly result: Promise<GenerationResult>;
  private readonly queue: TokenEvent[] = [];
  private wake: (() => void) | null = null;
  private finished = false;

  private run: VllmSequenceRun | null = null;
  /** Steering changes and halts asked for before the run exists (the prompt is still being tokenized). */
  private readonly early: ((run: VllmSequenceRun) => void)[] = [];

  /** @internal `start` gets the push function the run's onToken feeds, and attaches the run once made. */
  constructor(
    private readonly toBuffer: (steering: Steering | null) => Float32Array | null,
    start: (push: (event: TokenEvent) => void, attach: (run: VllmSequenceRun) => void) => Promise<GenerationResult>,
  ) {
    const push = (event: TokenEvent) => {
      this.queue.push(event);
      this.wake?.();
    };
    const attach = (run: VllmSequenceRun) => {
      this.run = run;
      for (const apply of this.early.splice(0)) apply(run);
    };
    this.result = start(push, attach).finally(() => {
      this.finished = true;
      this.wake?.();
    });
    this.result.catch(() => undefined); // surfaced through the iterator or `result`
  }

  setSteering(steering: Steering | null): void {
    const buffer = this.toBuffer(steering);
    this.control((run) => run.setSteering(buffer));
  }

  halt(reason = "halted by caller"): void {
    this.control((run) => run.halt(reason));
  }

  private control(apply: (run: VllmSequenceRun) => void): void {
    if (this.run) apply(this.run);
    else this.early.push(apply);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<TokenEvent> {
    for (;;) {
      if (this.queue.length) {
        yield this.queue.shift()!;
        continue;
      }
      if (this.finished) {
        await this.result;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
