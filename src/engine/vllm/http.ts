/**
 * HTTP to a vLLM server: a bounded number of requests in flight, retries with exponential
 * backoff on 429/503 and on a refused or dropped connection, and every failure turned into a
 * typed BackendError that names the server and what to do.
 */
import http from "node:http";
import https from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { AbortError, BackendError, InvalidInputError, type LimbicError } from "../../errors.js";

export interface HttpOptions {
  /** Server base URL (no trailing slash). */
  url: string;
  apiKey?: string;
  /** Requests in flight at once; more wait their turn. Defaults to 16. */
  maxInFlight?: number;
  /** Retries of one request on 429, 503, a refused connection or a body cut short. Defaults to 5. */
  maxRetries?: number;
  /** First backoff delay in ms, doubled per retry (with jitter) up to 10 s. Defaults to 250. */
  retryDelayMs?: number;
  /** Per-request time limit in ms. Defaults to 600 000. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array;
}

/** What one exchange gave: an answer, no answer (refused, reset, timed out or aborted), or an answer cut off mid-body. */
type Exchange = { kind: "answered"; response: HttpResponse } | { kind: "unreachable" | "cut"; error: Error };

const RETRY_STATUSES = new Set([429, 503]);

/** A counting semaphore: at most `limit` holders at once, the rest queue in order. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async take(): Promise<void> {
    if (this.used < this.limit) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

export class VllmHttp {
  readonly url: string;
  private readonly slots: Slots;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly authorization: string | undefined;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  /** Retries made so far (429/503/connection), for tests and progress reports. */
  retries = 0;

  constructor(options: HttpOptions) {
    const maxInFlight = options.maxInFlight ?? 16;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new InvalidInputError("INVALID_ARGUMENT", `maxInFlight must be a positive integer, not ${maxInFlight}.`);
    this.url = options.url;
    this.slots = new Slots(maxInFlight);
    this.maxRetries = options.maxRetries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.authorization = options.apiKey ? `Bearer ${options.apiKey}` : undefined;
    this.transport = this.url.startsWith("https:") ? https : http;
    // Idle connections are kept for the next request (and do not keep the process alive).
    this.agent = new this.transport.Agent({ keepAlive: true });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** Sends one request (retrying as configured) and returns status and whole body. Statuses other than 429/503 are returned, not thrown. */
  async request(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    await this.slots.take();
    try {
      const payload = body !== undefined ? Buffer.from(JSON.stringify(body), "utf8") : undefined;
      for (let attempt = 0; ; attempt++) {
        if (signal?.aborted) throw new AbortError("ABORTED", `The request to ${this.url}${path} was aborted.`);
        const timeout = AbortSignal.timeout(this.timeoutMs);
        const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
        const outcome = await this.exchange(method, path, payload, combined);
        if (outcome.kind !== "answered") {
          const error = outcome.error;
          if (signal?.aborted) throw new AbortError("ABORTED", `The request to ${this.url}${path} was aborted.`, {}, { cause: error });
          if (timeout.aborted)
            throw new BackendError(
              "BACKEND_UNREACHABLE",
              `The vLLM server at ${this.url} did not answer ${path} within ${Math.round(this.timeoutMs / 1000)} s. Check that it is not overloaded, or raise the time limit.`,
              { url: this.url, path },
              { cause: error },
            );
          if (attempt < this.maxRetries) {
            await this.backoff(attempt, null, signal);
            continue;
          }
          if (outcome.kind === "unreachable")
            throw new BackendError(
              "BACKEND_UNREACHABLE",
              `Cannot reach the vLLM server at ${this.url} (${describeFetchError(error)}). Check the URL and that the server is running (scripts/vllm/serve.sh starts one).`,
              { url: this.url, path },
              { cause: error },
            );
          throw new BackendError(
            "RESPONSE_TRUNCATED",
            `The vLLM server at ${this.url} closed the connection in the middle of its answer to ${path} (${describeFetchError(error)}), ${this.maxRetries + 1} times. Check the server's log.`,
            { url: this.url, path },
            { cause: error },
          );
        }
        const response = outcome.response;
        if (RETRY_STATUSES.has(response.status)) {
          if (attempt < this.maxRetries) {
            const retryAfter = response.headers["retry-after"];
            await this.backoff(attempt, typeof retryAfter === "string" ? retryAfter : null, signal);
            continue;
          }
          throw new BackendError(
            "BACKEND_OVERLOADED",
            `The vLLM server at ${this.url} still answered ${response.status} to ${path} after ${this.maxRetries} retries. Lower the number of requests in flight, or wait and run again (finished work is kept).`,
            { url: this.url, path, status: response.status },
          );
        }
        const declared = response.headers["content-length"];
        if (declared !== undefined && Number(declared) !== response.body.length) {
          if (attempt < this.maxRetries) {
            await this.backoff(attempt, null, signal);
            continue;
          }
          throw new BackendError("RESPONSE_TRUNCATED", `The vLLM server's answer to ${path} was cut short (${response.body.length} of ${declared} bytes).`, {
            url: this.url,
            path,
          });
        }
        return response;
      }
    } finally {
      this.slots.give();
    }
  }

  /**
   * One HTTP exchange with node:http on a keep-alive agent: it costs the client less CPU per
   * request than fetch (no web streams), and a body of declared length is copied once, chunk by
   * chunk, into a buffer of that length (no list of chunks joined at the end).
   */
  private exchange(method: "GET" | "POST", path: string, payload: Buffer | undefined, signal: AbortSignal): Promise<Exchange> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: Exchange) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      let answered = false;
      const headers: Record<string, string | number> = {};
      if (payload) {
        headers["content-type"] = "application/json";
        headers["content-length"] = payload.length;
      }
      if (this.authorization) headers.authorization = this.authorization;
      let request: http.ClientRequest;
      try {
        request = this.transport.request(`${this.url}${path}`, { method, headers, agent: this.agent, signal });
      } catch (error) {
        settle({ kind: "unreachable", error: error as Error });
        return;
      }
      request.on("error", (error) => settle({ kind: answered ? "cut" : "unreachable", error }));
      request.on("response", (res) => {
        answered = true;
        const length = res.headers["content-length"] !== undefined ? Number(res.headers["content-length"]) : NaN;
        const sized = Number.isSafeInteger(length) && length >= 0;
        let whole: Buffer | null = sized ? Buffer.allocUnsafe(length) : null;
        const chunks: Buffer[] = [];
        let received = 0;
        res.on("data", (chunk: Buffer) => {
          if (whole && received + chunk.length <= whole.length) chunk.copy(whole, received);
          else {
            // More than declared (or nothing declared): keep the chunks and join them at the end.
            if (whole) chunks.push(whole.subarray(0, received));
            whole = null;
            chunks.push(chunk);
          }
          received += chunk.length;
        });
        res.on("error", (error) => settle({ kind: "cut", error }));
        res.on("end", () => {
          const body = whole ? whole.subarray(0, received) : Buffer.concat(chunks, received);
          settle({ kind: "answered", response: { status: res.statusCode ?? 0, headers: res.headers, body } });
        });
        res.on("close", () => {
          if (!res.complete)
            settle({ kind: "cut", error: Object.assign(new Error("the connection closed before the body was complete"), { code: "ECONNRESET" }) });
        });
      });
      request.end(payload);
    });
  }

  /** Sends JSON and parses a JSON answer; non-2xx statuses become typed errors. */
  async json<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.request(method, path, body, signal);
    if (response.status < 200 || response.status >= 300) throw this.statusError(response, path);
    return parseJson<T>(response.body, `${this.url}${path}`);
  }

  statusError(response: HttpResponse, path: string): LimbicError {
    const message = serverMessage(response.body);
    const where = `${this.url}${path}`;
    if (response.status === 401 || response.status === 403) {
      return new BackendError(
        "BACKEND_AUTH",
        `The vLLM server at ${this.url} refused the API key (${response.status}). Pass the key the server was started with (--api-key).`,
        { url: this.url, status: response.status },
      );
    }
    if (response.status === 404 && /model .* does not exist|does not exist/i.test(message)) {
      return new BackendError("MODEL_NOT_SERVED", `The vLLM server at ${this.url} does not serve that model: ${message}`, { url: this.url });
    }
    if (response.status === 404) {
      return new BackendError("BACKEND_PROTOCOL", `${where} does not exist (404). Is ${this.url} a vLLM server (the URL without /v1)?`, {
        url: this.url,
        path,
        status: 404,
      });
    }
    // vLLM answers what was in flight with 500 EngineDeadError when its engine stops (shutdown or
    // crash): the server is going away, not refusing this request.
    if (response.status >= 500 && /EngineDeadError|EngineCore encountered an issue/i.test(message)) {
      return new BackendError(
        "BACKEND_UNREACHABLE",
        `The vLLM server at ${this.url} lost its engine while answering ${path} (it was stopped or crashed; its log says why). Restart it and run again with --resume where the command has it (finished work is kept).`,
        { url: this.url, path, status: response.status, message },
      );
    }
    return new BackendError("BACKEND_REJECTED", `The vLLM server refused ${path} (${response.status}): ${message || "no message"}`, {
      url: this.url,
      path,
      status: response.status,
      message,
    });
  }

  private async backoff(attempt: number, retryAfter: string | null, signal?: AbortSignal): Promise<void> {
    this.retries++;
    const fromHeader = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
    const exponential = Math.min(10_000, this.retryDelayMs * 2 ** attempt);
    const delay = fromHeader !== null ? Math.min(fromHeader, 30_000) : exponential * (0.5 + Math.random() / 2);
    try {
      await sleep(delay, undefined, signal ? { signal } : undefined);
    } catch (error) {
      throw new AbortError("ABORTED", "The request was aborted while waiting to retry.", {}, { cause: error });
    }
  }
}

export function parseJson<T>(body: Uint8Array, where: string): T {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    if (text.trimStart().startsWith("{") || text.trimStart().startsWith("[")) {
      throw new BackendError(
        "RESPONSE_TRUNCATED",
        `The answer from ${where} is incomplete JSON (${text.length} characters); the response was cut short. Retry, and check the server's log.`,
        { where },
        { cause: error },
      );
    }
    throw new BackendError(
      "BACKEND_PROTOCOL",
      `The answer from ${where} is not JSON (it starts "${text.slice(0, 60)}"). Is this a vLLM server?`,
      { where },
      { cause: error },
    );
  }
}

/** The `message` (or FastAPI `detail`) of an error body, or its first characters. */
export function serverMessage(body: Uint8Array): string {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  try {
    const parsed = JSON.parse(text) as { message?: unknown; detail?: unknown; error?: { message?: unknown } };
    const message = parsed.error?.message ?? parsed.message ?? parsed.detail;
    if (typeof message === "string") return message;
    if (message !== undefined) return JSON.stringify(message).slice(0, 500);
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}

function describeFetchError(error: unknown): string {
  const { code, cause } = error as { code?: string; cause?: { code?: string; message?: string } };
  return code ?? cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
