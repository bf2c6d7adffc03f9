/** A single streamed generation: an async iterable of tokens plus its final result. */
import type { GenerationResult, GroupRunner, TokenEvent } from "./generate.js";
import type { Steering } from "./steering.js";
import { TokenStream } from "./tokenStream.js";

export class Generation implements AsyncIterable<TokenEvent> {
  readonly result: Promise<GenerationResult>;
  private readonly stream = new TokenStream<GenerationResult>();

  /** @internal */
  constructor(
    private readonly runner: GroupRunner,
    private readonly toBuffer: (steering: Steering | null) => Float32Array | null,
    start: (push: (event: TokenEvent) => void) => Promise<GenerationResult[]>,
  ) {
    this.result = this.stream.follow(start(this.stream.push).then((results) => results[0]!));
  }

  /** Changes steering from the next token on; null switches it off. Validated now, applied before the next decode. */
  setSteering(steering: Steering | null): void {
    this.runner.setSteering(this.toBuffer(steering));
  }

  /** Stops after the current token with finish reason "halt". */
  halt(reason = "halted by caller"): void {
    this.runner.halt(reason);
  }

  [Symbol.asyncIterator](): AsyncIterator<TokenEvent> {
    return this.stream[Symbol.asyncIterator]();
  }
}
