/**
 * `startServer`: Limbic's OpenAI-compatible server (per-request steering, per-token emotion
 * telemetry, guard events), its trace service, the dashboard's data API and the dashboard.
 * Safe by default: loopback only unless an API key is set, bounded requests, no file paths.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { InvalidInputError, ResourceError } from "../errors.js";
import { isLanguageModel, modelId, type LanguageModel } from "../engine/languageModel.js";
import { openLanguageModel, type OpenModelOptions } from "../engine/openModel.js";
import { batchedModel } from "./batchedModel.js";
import type { RequestRecord, ServerContext } from "./context.js";
import { handleGeneration } from "./generationRoutes.js";
import { sendError, sendJson } from "./http.js";
import { invalidRequest, notFound, refused, toHttpError } from "./httpError.js";
import { handleEmotions, handleModels, modelObject, handleRun, handleRuns, handleTrace, handleVectorSets, handleVectorSetSummary } from "./infoRoutes.js";
import { DEFAULT_LIMITS, type ServerLimits } from "./limits.js";
import { RequestQueue } from "./queue.js";
import type { RunsSource } from "./runs.js";
import { DEFAULT_DASHBOARD_DIR, serveDashboard } from "./staticFiles.js";
import { VectorSetRegistry } from "./vectorSets.js";

export interface ServerOptions {
  /** An open model on either backend (the caller keeps ownership), or what openLanguageModel takes (the server opens it and disposes it on close). */
  model: LanguageModel | OpenModelOptions;
  /** A vector-set folder, or a folder of vector-set folders (addressed by folder name). */
  vectors?: string;
  /** Defaults to 127.0.0.1. Any other than a loopback address needs `apiKey`. */
  host?: string;
  /** Defaults to 8080; 0 picks a free port. */
  port?: number;
  /** When set, /v1 and /api requests need "Authorization: Bearer <apiKey>". */
  apiKey?: string;
  /** Sweep runs shown by /api/runs (none: an empty list). */
  runs?: RunsSource;
  /** The built dashboard. Defaults to this package's dist/dashboard. */
  dashboardDir?: string;
  /** The model's id in /v1/models. Defaults to the file name without .gguf. */
  modelId?: string;
  limits?: Partial<ServerLimits>;
  /** Server-side messages (skipped vector sets, internal errors). */
  log?: (line: string) => void;
  /** Called once per request when its response is over. */
  onRequestEnd?: (record: RequestRecord) => void;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 (the OpenAI base URL is this plus /v1). */
  url: string;
  host: string;
  port: number;
  model: LanguageModel;
  /** Requests generating (or tracing) now, and waiting for a slot. */
  stats(): { active: number; queued: number };
  /** The continuous batch's sequences decoding now and waiting for a slot (null on vLLM, which batches on its side). */
  batchStats(): { active: number; queued: number } | null;
  /** Stops accepting, cuts open connections (their generations stop), and frees the model if the server loaded it. */
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** Checks a Bearer token in constant time. */
function authorized(req: IncomingMessage, keyDigest: Buffer): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  return timingSafeEqual(createHash("sha256").update(match[1]!).digest(), keyDigest);
}

/**
 * Without an API key the server trusts whoever can reach loopback, so it only answers requests
 * addressed to a loopback name: a web page cannot reach it by rebinding its own domain to 127.0.0.1.
 */
function hostHeaderIsLoopback(req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (!host) return false;
  try {
    return isLoopbackHost(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/**
 * Browsers label cross-site requests with Origin. Without an API key, a page on another site
 * must not be able to make the local model work for it (it could not read the answer, but it
 * could still send simple POSTs), so only the server's own pages may call it.
 */
function sameOriginOrNone(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function limitsFrom(partial: Partial<ServerLimits> | undefined): ServerLimits {
  const limits = { ...DEFAULT_LIMITS, ...(partial ?? {}) };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < (key === "maxQueue" ? 0 : 1))
      throw new InvalidInputError("INVALID_ARGUMENT", `Server limit ${key} must be a positive integer, not ${value}.`);
  }
  if (limits.defaultMaxTokens > limits.maxTokens) limits.defaultMaxTokens = limits.maxTokens;
  return limits;
}

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  signal: AbortSignal,
  record: RequestRecord,
  params: string[],
  query: URLSearchParams,
) => Promise<void> | void;

interface Route {
  pattern: RegExp;
  method: "GET" | "POST";
  handler: Handler;
}

const routes: Route[] = [
  { pattern: /^\/v1\/models$/, method: "GET", handler: (_q, res, ctx) => handleModels(res, ctx) },
  {
    pattern: /^\/v1\/models\/([^/]+)$/,
    method: "GET",
    handler: (_q, res, ctx, _s, _r, [id]) => {
      if (id !== ctx.modelId) throw notFound(`The model "${id}" does not exist here; this server serves "${ctx.modelId}".`, { code: "model_not_found" });
      sendJson(res, 200, modelObject(ctx));
    },
  },
  { pattern: /^\/v1\/chat\/completions$/, method: "POST", handler: (req, res, ctx, signal, record) => handleGeneration("chat", req, res, ctx, signal, record) },
  { pattern: /^\/v1\/completions$/, method: "POST", handler: (req, res, ctx, signal, record) => handleGeneration("completion", req, res, ctx, signal, record) },
  { pattern: /^\/v1\/emotions$/, method: "GET", handler: (_q, res, ctx, _s, _r, _p, query) => handleEmotions(res, ctx, query) },
  { pattern: /^\/v1\/trace$/, method: "POST", handler: (req, res, ctx, signal) => handleTrace(req, res, ctx, signal) },
  { pattern: /^\/api\/vector-sets$/, method: "GET", handler: (_q, res, ctx) => handleVectorSets(res, ctx) },
  { pattern: /^\/api\/vector-sets\/([^/]+)\/summary$/, method: "GET", handler: (_q, res, ctx, _s, _r, [name]) => handleVectorSetSummary(res, ctx, name!) },
  { pattern: /^\/api\/runs$/, method: "GET", handler: (_q, res, ctx) => handleRuns(res, ctx) },
  { pattern: /^\/api\/runs\/([^/]+)$/, method: "GET", handler: (_q, res, ctx, _s, _r, [id]) => handleRun(res, ctx, id!) },
];

const isApiPath = (pathname: string) => /^\/(v1|api)(\/|$)/.test(pathname);

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  signal: AbortSignal,
  record: RequestRecord,
  keyDigest: Buffer | null,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const pathname = url.pathname;
  record.path = pathname;
  if (!keyDigest && !hostHeaderIsLoopback(req)) {
    throw refused(
      "FORBIDDEN",
      "This server answers only requests addressed to localhost or 127.0.0.1 (it has no API key). Start it with --api-key to serve other names.",
      { code: "forbidden_host" },
    );
  }
  if (!keyDigest && !sameOriginOrNone(req)) {
    throw refused(
      "FORBIDDEN",
      `Requests from web pages of other origins (${req.headers.origin}) are refused: this server has no API key. Use the dashboard it serves, or start it with --api-key.`,
      { code: "forbidden_origin" },
    );
  }
  if (!isApiPath(pathname)) {
    if (req.method !== "GET" && req.method !== "HEAD")
      throw refused("METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${pathname}.`, { headers: { Allow: "GET, HEAD" } });
    return serveDashboard(req, res, pathname, ctx.dashboardDir);
  }
  if (keyDigest && !authorized(req, keyDigest)) {
    throw refused("UNAUTHORIZED", 'Missing or wrong API key. Send "Authorization: Bearer <key>" with the key the server was started with.', {
      code: "invalid_api_key",
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  const matching = routes.map((r) => ({ r, m: r.pattern.exec(pathname) })).filter((x) => x.m);
  if (matching.length === 0)
    throw notFound(
      `Unknown route ${req.method} ${pathname}. See /v1/models, /v1/chat/completions, /v1/completions, /v1/emotions, /v1/trace, /api/vector-sets, /api/runs.`,
      { code: "unknown_route" },
    );
  const found = matching.find((x) => x.r.method === req.method);
  if (!found)
    throw refused("METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${pathname}; use ${matching.map((x) => x.r.method).join(" or ")}.`, {
      headers: { Allow: matching.map((x) => x.r.method).join(", ") },
    });
  let params: string[];
  try {
    params = found.m!.slice(1).map((p) => decodeURIComponent(p));
  } catch {
    throw invalidRequest(`The path ${pathname} is not validly encoded.`, "invalid_path");
  }
  await found.r.handler(req, res, ctx, signal, record, params, url.searchParams);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidInputError("INVALID_ARGUMENT", `Port ${port} is not a port number (0-65535).`);
  if (options.apiKey !== undefined && options.apiKey.length < 8)
    throw new InvalidInputError("INVALID_ARGUMENT", "The API key is too short; use at least 8 characters (a long random string is best).");
  if (!isLoopbackHost(host) && !options.apiKey) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Refusing to listen on ${host} without an API key: anyone who can reach that address could use the model. Give an API key that clients send as "Authorization: Bearer <key>", or keep the default host 127.0.0.1.`,
      { host, option: "apiKey" },
    );
  }
  const limits = limitsFrom(options.limits);
  const log = options.log ?? (() => undefined);
  const ownsModel = !isLanguageModel(options.model);
  const model = isLanguageModel(options.model) ? options.model : await openLanguageModel(options.model);
  let server: http.Server | undefined;
  try {
    const sets = options.vectors ? await VectorSetRegistry.load(options.vectors, model, log) : VectorSetRegistry.empty();
    // A llama.cpp model runs every generation of every request in one continuous batch.
    const batch = model.continuousBatch
      ? model.continuousBatch({
          maxSequences: limits.batchSequences,
          // Every choice of every admitted request fits; the request queue bounds how many there are.
          maxQueued: limits.maxConcurrent * limits.maxChoices,
          tokensPerSequence: Math.min(model.info.contextLength, limits.tokensPerSequence),
        })
      : null;
    const ctx: ServerContext = {
      model: batch ? batchedModel(model, batch) : model,
      modelId: options.modelId ?? modelId(model),
      sets,
      limits,
      queue: new RequestQueue(limits.maxConcurrent, limits.maxQueue),
      runs: options.runs ?? null,
      dashboardDir: path.resolve(options.dashboardDir ?? DEFAULT_DASHBOARD_DIR),
      startedAt: Math.floor(Date.now() / 1000),
      log,
    };
    const keyDigest = options.apiKey ? createHash("sha256").update(options.apiKey).digest() : null;
    const inFlight = new Set<Promise<void>>();

    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const started = performance.now();
      const record: RequestRecord = { method: req.method ?? "GET", path: req.url ?? "/", status: 0, durationMs: 0 };
      const abort = new AbortController();
      // The client went away before the reply was complete: stop its work.
      res.on("close", () => {
        if (!res.writableFinished) abort.abort(new Error("client disconnected"));
      });
      try {
        await route(req, res, ctx, abort.signal, record, keyDigest);
      } catch (error) {
        if (!abort.signal.aborted) {
          const failure = toHttpError(error);
          if (failure.status >= 500) log(`${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
          if (!res.headersSent) sendError(res, failure);
          else res.destroy();
        }
      } finally {
        record.status = res.writableEnded && !abort.signal.aborted ? record.status || res.statusCode : 499;
        record.durationMs = performance.now() - started;
        try {
          options.onRequestEnd?.(record);
        } catch (error) {
          log(`onRequestEnd failed: ${(error as Error).message}`);
        }
      }
    };

    server = http.createServer((req, res) => {
      const task = handle(req, res);
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once("error", (error: NodeJS.ErrnoException) => {
        reject(
          error.code === "EADDRINUSE"
            ? new ResourceError(
                "ADDRESS_IN_USE",
                `Port ${port} on ${host} is already in use; choose another port.`,
                { host, port, option: "port" },
                { cause: error },
              )
            : new ResourceError("IO", `Cannot listen on ${host}:${port}: ${error.message}`, { host, port }, { cause: error }),
        );
      });
      listening.listen(port, host, () => resolve());
    });
    listening.on("error", (error) => log(`server error: ${error.message}`));
    const address = listening.address() as AddressInfo;
    const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
    let closing: Promise<void> | null = null;
    return {
      url: `http://${urlHost}:${address.port}`,
      host: address.address,
      port: address.port,
      model,
      stats: () => ({ active: ctx.queue.active, queued: ctx.queue.queued }),
      batchStats: () => (batch ? { active: batch.active, queued: batch.queued } : null),
      close: () =>
        (closing ??= (async () => {
          const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
          ctx.queue.cancelWaiting(refused("SERVER_CLOSING", "The server is shutting down."));
          listening.closeAllConnections(); // open responses end; their generations see the abort
          await Promise.allSettled([...inFlight]);
          await batch?.close();
          await closed;
          if (ownsModel) await model.dispose();
        })()),
    };
  } catch (error) {
    server?.close();
    if (ownsModel) await model.dispose();
    throw error;
  }
}
