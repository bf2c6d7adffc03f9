/** A single streamed generation on vLLM: the same surface as the llama.cpp backend's Generation. */
import type { GenerationResult, TokenEvent } from "../contract.js";
import type { GenerationHandle } from "../languageModel.js";
import type { Steering } from "../steering.js";
import { TokenStream } from "../tokenStream.js";
import type { VllmSequenceRun } from "./sequenceRun.js";

export class VllmGeneration implements GenerationHandle {
  readonly result: Promise<GenerationResult>;
  private readonly stream = new TokenStream<GenerationResult>();

  private run: VllmSequenceRun | null = null;
  /** Steering changes and halts asked for before the run exists (the prompt is still being tokenized). */
  private readonly early: ((run: VllmSequenceRun) => void)[] = [];

  /** @internal `start` gets the push function the run's onToken feeds, and attaches the run once made. */
  constructor(
    private readonly toBuffer: (steering: Steering | null) => Float32Array | null,
    start: (push: (event: TokenEvent) => void, attach: (run: VllmSequenceRun) => void) => Promise<GenerationResult>,
  ) {
    const attach = (run: VllmSequenceRun) => {
      this.run = run;
      for (const apply of this.early.splice(0)) apply(run);
    };
    this.result = this.stream.follow(start(this.stream.push, attach));
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

  [Symbol.asyncIterator](): AsyncIterator<TokenEvent> {
    return this.stream[Symbol.asyncIterator]();
  }
}
