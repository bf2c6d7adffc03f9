/** Fetch wrappers for the Limbic server. Every failure becomes an ApiError with a readable message. */
import type {
  ChatMessage,
  ModelListWire,
  OpenAIErrorBody,
  RunDetailWire,
  RunSummaryWire,
  TraceResultWire,
  VectorSetInfoWire,
  VectorSetSummaryWire,
} from "../../src/server/wire";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

const keyStorage = "limbic.apiKey";

export function apiKey(): string {
  return sessionStorage.getItem(keyStorage) ?? "";
}

export function setApiKey(key: string): void {
  if (key) sessionStorage.setItem(keyStorage, key);
  else sessionStorage.removeItem(keyStorage);
}

function headers(json: boolean): Record<string, string> {
  const result: Record<string, string> = {};
  if (json) result["content-type"] = "application/json";
  const key = apiKey();
  if (key) result.authorization = `Bearer ${key}`;
  return result;
}

/** Reads an error response: the OpenAI error shape when the server sent one, else the status and text. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as Partial<OpenAIErrorBody>;
    if (body.error?.message) {
      const hint = response.status === 401 ? " (set the API key in the header)" : "";
      return new ApiError(`${body.error.message}${hint}`, response.status, body.error.code == null ? undefined : String(body.error.code));
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return new ApiError(`HTTP ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 300)}` : ""}`, response.status);
}

/** fetch that turns network failures and non-2xx answers into ApiErrors. */
export async function send(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: { ...headers(json !== undefined), ...(rest.headers as Record<string, string> | undefined) },
      ...(json !== undefined ? { method: rest.method ?? "POST", body: JSON.stringify(json) } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(`Cannot reach the Limbic server at ${location.origin} (${(error as Error).message}). Is \`limbic serve\` running?`, 0);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

async function getJson<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const response = await send(path, init);
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(`${path} answered with something that is not JSON.`, response.status);
  }
}

export const api = {
  models: () => getJson<ModelListWire>("/v1/models"),
  vectorSets: () => getJson<{ sets: VectorSetInfoWire[] }>("/api/vector-sets").then((r) => r.sets),
  summary: (name: string) => getJson<VectorSetSummaryWire>(`/api/vector-sets/${encodeURIComponent(name)}/summary`),
  trace: (body: { messages: ChatMessage[]; emotions?: string[]; vector_set?: string; smooth?: number }) =>
    getJson<TraceResultWire>("/v1/trace", { json: body }),
  runs: () => getJson<{ runs: RunSummaryWire[] }>("/api/runs").then((r) => r.runs),
  run: (id: string | number) => getJson<RunDetailWire>(`/api/runs/${encodeURIComponent(String(id))}`),
};
