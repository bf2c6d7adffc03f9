/**
 * Admission for model work: at most `maxActive` requests run at once, the rest wait in
 * arrival order (first come, first served), and a full waiting line answers 429.
 * Running requests share the model's decode queue token by token, so they progress evenly.
 */
import { refused } from "./httpError.js";

interface Waiter {
  start: () => void;
  cancel: (reason: unknown) => void;
}

export class RequestQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly maxActive: number,
    readonly maxWaiting: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot frees; a request whose signal aborts while waiting leaves the line. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw signal.reason;
    if (this.running >= this.maxActive) {
      if (this.waiting.length >= this.maxWaiting) {
        throw refused("QUEUE_FULL", `The server is busy: ${this.running} requests are running and ${this.waiting.length} are waiting. Retry shortly.`, {
          headers: { "Retry-After": "1" },
        });
      }
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          start: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          cancel: reject,
        };
        const onAbort = () => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(waiter);
      });
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Hands the slot straight to the next waiter (the running count stays), or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }

  /** Rejects every waiting request (server shutdown). */
  cancelWaiting(reason: unknown): void {
    for (const waiter of this.waiting.splice(0)) waiter.cancel(reason);
  }
}
