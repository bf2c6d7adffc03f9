/** Small response helpers: JSON replies, OpenAI-shaped errors, and a lazily started SSE stream. */
import type { ServerResponse } from "node:http";
import { refused, type HttpError } from "./httpError.js";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, error.toBody(), error.headers);
}

/** What a stream does when its reader falls behind: the cap on unsent bytes, and who to tell (the generation stops). */
export interface SseBackpressure {
  maxBufferedBytes: number;
  onOverflow: (error: HttpError) => void;
}

/**
 * Server-sent events: headers go out with the first event, so errors found before it still get a real status.
 * Writes never wait for the reader (the batch behind them must not stall); a reader whose unsent
 * output passes the cap is cut off with an error event instead of holding ever more memory.
 */
export class SseStream {
  private overflowed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly backpressure?: SseBackpressure,
  ) {}

  get started(): boolean {
    return this.res.headersSent;
  }

  private get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  private open(): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    this.res.flushHeaders();
  }

  send(data: unknown): void {
    if (this.closed) return;
    this.open();
    this.res.write(`data: ${JSON.stringify(data)}\n\n`);
    const cap = this.backpressure?.maxBufferedBytes;
    if (cap !== undefined && !this.overflowed && this.res.writableLength > cap) this.overflow(cap);
  }

  private overflow(cap: number): void {
    this.overflowed = true;
    const error = refused(
      "SLOW_READER",
      `The client read this stream too slowly: more than ${cap} bytes were waiting to be sent, so the server stopped this generation. Read the stream as it arrives, or ask without "stream".`,
    );
    this.fail(error);
    this.backpressure!.onOverflow(error);
  }

  /** Ends the stream the way OpenAI's does. */
  done(): void {
    if (this.closed) return;
    this.open();
    this.res.write("data: [DONE]\n\n");
    this.res.end();
  }

  /** A failure after the stream began: an error event (OpenAI shape), then the end. */
  fail(error: HttpError): void {
    if (this.closed) return;
    this.send(error.toBody());
    this.done();
  }
}
