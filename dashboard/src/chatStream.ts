/** One streamed chat completion with the `limbic` extension, read chunk by chunk. */
import { ApiError, send } from "./api";
import { serverSentData } from "./sse";
import type { ChatMessage, CompletionChunkWire, GuardEventWire, TelemetryToken } from "../../src/server/wire";

export interface ChatRequest {
  /** The served model's id (the server checks it, as OpenAI does). */
  model: string;
  messages: ChatMessage[];
  vectorSet: string | null;
  watch: string[];
  steer: Record<string, number>;
  guard: string[];
  maxTokens: number;
  temperature: number;
}

export interface StreamHandlers {
  /** A generated token with its readout. */
  token(token: TelemetryToken): void;
  /** Text that came without a readout (a server or chunk without the extension). */
  text(text: string): void;
  guard(event: GuardEventWire): void;
  finish(reason: string, haltedBy?: string): void;
}

export function requestBody(request: ChatRequest): Record<string, unknown> {
  const limbic: Record<string, unknown> = {};
  if (request.vectorSet) {
    limbic.vector_set = request.vectorSet;
    if (request.watch.length) limbic.emotions = request.watch;
    if (Object.keys(request.steer).length) limbic.steer = request.steer;
    if (request.guard.length) limbic.guard = request.guard;
  }
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    ...(Object.keys(limbic).length ? { limbic } : {}),
  };
}

/** Streams a reply; resolves with the reply's text. Throws ApiError for HTTP and in-stream errors. */
export async function streamChat(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<string> {
  const response = await send("/v1/chat/completions", { json: requestBody(request), signal });
  if (!response.body) throw new ApiError("The server answered without a body.", response.status);
  let reply = "";
  for await (const data of serverSentData(response.body)) {
    if (data.trim() === "[DONE]") break;
    let chunk: CompletionChunkWire;
    try {
      chunk = JSON.parse(data) as CompletionChunkWire;
    } catch {
      throw new ApiError(`The stream carried an event that is not JSON: ${data.slice(0, 120)}`, response.status);
    }
    if (chunk.error) throw new ApiError(chunk.error.message, response.status, chunk.error.code == null ? undefined : String(chunk.error.code));
    const choice = chunk.choices?.[0];
    const content = choice?.delta?.content ?? "";
    reply += content;
    const tokens = chunk.limbic?.tokens ?? [];
    if (tokens.length) tokens.forEach((token) => handlers.token(token));
    else if (content) handlers.text(content);
    for (const event of chunk.limbic?.guard_events ?? []) handlers.guard(event);
    const reason = chunk.limbic?.finish?.reason ?? choice?.finish_reason;
    if (reason) handlers.finish(reason, chunk.limbic?.finish?.halted_by);
  }
  return reply;
}
