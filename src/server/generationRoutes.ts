/** POST /v1/chat/completions and POST /v1/completions, streamed (SSE) or not. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readJsonBody } from "./body.js";
import { SseStream, sendJson } from "./http.js";
import { toHttpError } from "./httpError.js";
import { completeResponse, finishChunk, releaseChunk, roleChunk, usageChunk, type ResponseContext } from "./openaiFormat.js";
import { planGeneration } from "./requests.js";
import { runGeneration } from "./runGeneration.js";
import type { RequestRecord, ServerContext } from "./context.js";

export async function handleGeneration(
  endpoint: "chat" | "completion",
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  signal: AbortSignal,
  record: RequestRecord,
): Promise<void> {
  const body = await readJsonBody(req, ctx.limits.maxBodyBytes);
  const plan = await planGeneration(endpoint, body, ctx);
  const reply: ResponseContext = {
    id: `${endpoint === "chat" ? "chatcmpl" : "cmpl"}-${randomUUID().replaceAll("-", "")}`,
    created: Math.floor(Date.now() / 1000),
    model: ctx.modelId,
    plan,
  };
  const choices = plan.prompts.length * plan.n;

  if (!plan.stream) {
    const outcomes = await ctx.queue.run(() => runGeneration(ctx.model, plan, signal), signal);
    record.finishReasons = outcomes.map((o) => o.finishReason);
    record.completionTokens = outcomes.reduce((a, o) => a + o.completionTokens, 0);
    sendJson(res, 200, completeResponse(reply, outcomes));
    return;
  }

  // A reader too slow for the stream's buffer cap is cut off, and its generation stops with it.
  const cutOff = new AbortController();
  const sse = new SseStream(res, {
    maxBufferedBytes: ctx.limits.maxStreamBufferBytes,
    onOverflow: (error) => {
      record.status = error.status;
      cutOff.abort(error);
    },
  });
  const generationSignal = AbortSignal.any([signal, cutOff.signal]);
  try {
    const outcomes = await ctx.queue.run(async () => {
      if (endpoint === "chat") for (let i = 0; i < choices; i++) sse.send(roleChunk(reply, i));
      return runGeneration(ctx.model, plan, generationSignal, (choice, release) => sse.send(releaseChunk(reply, choice, release)));
    }, generationSignal);
    record.finishReasons = outcomes.map((o) => o.finishReason);
    record.completionTokens = outcomes.reduce((a, o) => a + o.completionTokens, 0);
    for (const outcome of outcomes) sse.send(finishChunk(reply, outcome));
    if (plan.includeUsage) sse.send(usageChunk(reply, outcomes));
    sse.done();
  } catch (error) {
    if (!sse.started) throw error; // still time for a plain error reply
    const failure = toHttpError(error);
    record.status = failure.status;
    if (failure.status >= 500) ctx.log(`${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
    sse.fail(failure);
  }
}
