/** Small response helpers: JSON replies, OpenAI-shaped errors, and a lazily started SSE stream. */
import type { ServerResponse } from "node:http";
import type { HttpError } from "./httpError.js";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store", ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, error.toBody(), error.headers);
}

/** Server-sent events: headers go out with the first event, so errors found before it still get a real status. */
export class SseStream {
  constructor(private readonly res: ServerResponse) {}

  get started(): boolean {
    return this.res.headersSent;
  }

  private get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  private open(): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    this.res.flushHeaders();
  }

  send(data: unknown): void {
    if (this.closed) return;
    this.open();
    this.res.write(`data: ${JSON.stringify(data)}\n\n`);
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
