/** The token queue behind a streamed generation, shared by both backends' generation handles. */
import type { TokenEvent } from "./contract.js";

export class TokenStream<R> implements AsyncIterable<TokenEvent> {
  private readonly queue: TokenEvent[] = [];
  private wake: (() => void) | null = null;
  private finished = false;
  private result: Promise<R> | null = null;

  /** Called by the running generation for every token. */
  readonly push = (event: TokenEvent): void => {
    this.queue.push(event);
    this.wake?.();
  };

  /** Ties the stream to the generation's result: iteration ends when it settles and rethrows its failure. */
  follow(result: Promise<R>): Promise<R> {
    this.result = result.finally(() => {
      this.finished = true;
      this.wake?.();
    });
    this.result.catch(() => undefined); // surfaced through the iterator or the result
    return this.result;
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
