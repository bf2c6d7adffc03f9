/**
 * The LLM judge's model call over any OpenAI-compatible chat endpoint (limbic serve, vLLM, a hosted
 * API): one user message, temperature 0, the reply's text back. Network and HTTP failures are typed
 * errors; a failed call is never read as a verdict.
 */
import { BackendError, InvalidInputError } from "../errors.js";

export interface JudgeEndpoint {
  /** Base URL, e.g. http://localhost:8080 or https://host/v1. */
  url: string;
  /** The served model's name. */
  model: string;
  apiKey?: string;
  /** Per-request limit; default 120 s. */
  timeoutMs?: number;
  /** Tokens the judge may write; default 300. */
  maxTokens?: number;
}

/** The chat-completions URL for a base URL given with or without its /v1. */
export function chatCompletionsUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new InvalidInputError("INVALID_ARGUMENT", `--judge ${JSON.stringify(base)} is not a URL; give the judge's base URL, e.g. http://localhost:8080.`, {
      url: base,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidInputError("INVALID_ARGUMENT", `--judge ${base} must be an http:// or https:// URL.`, { url: base });
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/v1") ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  return url.toString();
}

/** A `complete(prompt)` function for judgeEpisode. */
export function openAiJudge(endpoint: JudgeEndpoint): (prompt: string) => Promise<string> {
  const url = chatCompletionsUrl(endpoint.url);
  if (!endpoint.model.trim()) throw new InvalidInputError("INVALID_ARGUMENT", "The judge needs a model name (--judge-model).");
  return async (prompt) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
        body: JSON.stringify({
          model: endpoint.model,
          messages: [{ role: "user", content: prompt }],
          temperature: 0,
          max_tokens: endpoint.maxTokens ?? 300,
          stream: false,
        }),
        signal: AbortSignal.timeout(endpoint.timeoutMs ?? 120_000),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new BackendError(
        "BACKEND_UNREACHABLE",
        `The judge at ${url} ${timedOut ? `did not answer within ${(endpoint.timeoutMs ?? 120_000) / 1000} s` : `cannot be reached (${(error as Error).message})`}. Check --judge and that the server is running.`,
        { url },
        { cause: error },
      );
    }
    const body = await response.text();
    if (response.status === 401 || response.status === 403)
      throw new BackendError("BACKEND_AUTH", `The judge at ${url} refused the request (HTTP ${response.status}); give its key with --judge-api-key-env.`, {
        url,
        status: response.status,
      });
    if (response.status === 404)
      throw new BackendError(
        "MODEL_NOT_SERVED",
        `The judge at ${url} answered 404: it does not serve chat completions for model ${JSON.stringify(endpoint.model)}. Check --judge-model.`,
        { url, status: 404 },
      );
    if (!response.ok)
      throw new BackendError("BACKEND_REJECTED", `The judge at ${url} answered HTTP ${response.status}: ${body.slice(0, 300)}`, {
        url,
        status: response.status,
      });
    let parsed: { choices?: { message?: { content?: unknown } }[] };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new BackendError("BACKEND_PROTOCOL", `The judge at ${url} did not answer with JSON (${body.slice(0, 120)}).`, { url });
    }
    const content = parsed.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new BackendError("BACKEND_PROTOCOL", `The judge at ${url} answered without choices[0].message.content.`, { url });
    return content;
  };
}
