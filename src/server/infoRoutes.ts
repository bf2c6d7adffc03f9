/**
 * The read-mostly routes: GET /v1/models, GET /v1/emotions, POST /v1/trace, and the
 * dashboard's data API (/api/vector-sets, /api/runs).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { traceTranscript } from "../monitor/trace.js";
import { readJsonBody } from "./body.js";
import type { ServerContext } from "./context.js";
import { sendJson } from "./http.js";
import { invalidField, notFound, toHttpError } from "./httpError.js";
import { chatMessages } from "./requests.js";
import type { ModelListWire } from "./wire.js";

export function modelObject(ctx: ServerContext): ModelListWire["data"][number] {
  return { id: ctx.modelId, object: "model", created: ctx.startedAt, owned_by: "limbic" };
}

export function handleModels(res: ServerResponse, ctx: ServerContext): void {
  const list: ModelListWire = { object: "list", data: [modelObject(ctx)] };
  sendJson(res, 200, list);
}

export function handleEmotions(res: ServerResponse, ctx: ServerContext, query: URLSearchParams): void {
  const served = ctx.sets.get(query.get("vector_set") ?? undefined, "vector_set");
  sendJson(res, 200, {
    object: "list",
    vector_set: served.name,
    layer: served.set.manifest.default_layer,
    data: served.set.manifest.emotions.map((emotion) => ({ emotion })),
  });
}

export async function handleTrace(req: IncomingMessage, res: ServerResponse, ctx: ServerContext, signal: AbortSignal): Promise<void> {
  const body = await readJsonBody(req, ctx.limits.maxBodyBytes);
  const messages = chatMessages(body, ctx.limits);
  const served = ctx.sets.get(body.vector_set, "vector_set");
  let emotions: string[] | undefined;
  if (body.emotions !== undefined && body.emotions !== null) {
    if (!Array.isArray(body.emotions) || body.emotions.some((e) => typeof e !== "string"))
      throw invalidField("emotions", "emotions must be a list of emotion names.");
    if (body.emotions.length > ctx.limits.maxEmotions)
      throw invalidField("emotions", `emotions has ${body.emotions.length} entries; at most ${ctx.limits.maxEmotions} are allowed.`);
    emotions = [...new Set(body.emotions as string[])];
    ctx.sets.checkEmotions(served, emotions, "emotions");
  }
  const smooth = body.smooth ?? 0;
  if (typeof smooth !== "number" || !Number.isInteger(smooth) || smooth < 0 || smooth > 1000)
    throw invalidField("smooth", `smooth must be an integer between 0 and 1000, not ${JSON.stringify(smooth)}.`);
  let trace;
  try {
    trace = await ctx.queue.run(
      () => traceTranscript(ctx.model, served.set, { kind: "chat", messages }, { ...(emotions?.length ? { emotions } : {}), smooth }),
      signal,
    );
  } catch (error) {
    throw toHttpError(error, "messages");
  }
  // The set by name: the server's folders are none of the client's business.
  sendJson(res, 200, { ...trace, vector_set: served.name });
}

export function handleVectorSets(res: ServerResponse, ctx: ServerContext): void {
  sendJson(res, 200, { sets: ctx.sets.list() });
}

export async function handleVectorSetSummary(res: ServerResponse, ctx: ServerContext, name: string): Promise<void> {
  sendJson(res, 200, await ctx.sets.summary(name));
}

export async function handleRuns(res: ServerResponse, ctx: ServerContext): Promise<void> {
  sendJson(res, 200, { runs: ctx.runs ? await ctx.runs.list() : [] });
}

export async function handleRun(res: ServerResponse, ctx: ServerContext, id: string): Promise<void> {
  const detail = ctx.runs ? await ctx.runs.get(id) : null;
  if (!detail) throw notFound(`No run with id "${id}"${ctx.runs ? "" : " (this server was started without a runs store)"}.`, { code: "run_not_found" });
  sendJson(res, 200, detail);
}
