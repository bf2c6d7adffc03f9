/**
 * Errors the server answers with, in the OpenAI error shape
 * {"error": {"message", "type", "param", "code"}}. An HttpError wraps the LimbicError that
 * caused it; `httpStatusOfCode` is the one place a Limbic code becomes an HTTP status.
 */
import { ContextOverflowError, InternalError, InvalidInputError, LimbicError, RequestRefusedError, ResourceError } from "../errors.js";
import type { CodeOf, LimbicErrorCode } from "../errors.js";
import type { OpenAIErrorBody } from "./wire.js";

/**
 * Every code's status, so a new code cannot reach a client without a decision: 4xx for what the
 * request got wrong or asked of something missing or busy, 500 for what went wrong on the server
 * (its details stay in the log), the model server behind it included.
 */
const SERVER_FAULT = 500;
export const httpStatusOfCode: Record<LimbicErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  LAYER_OUT_OF_RANGE: 400,
  LAYER_NOT_STEERABLE: 400,
  WIDTH_MISMATCH: 400,
  NON_FINITE: 400,
  EMPTY_INPUT: 400,
  CONFLICT: 409,
  INVALID_TOKEN: 400,
  WORLD_MISMATCH: 400,
  CONTEXT_FULL: 400,
  CONTROL_VECTOR_INVALID: 400,
  CHAT_TEMPLATE_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TOO_LARGE: 413,
  QUEUE_FULL: 429,
  // The client's stream was cut off because it read too slowly (sent as an error event mid-stream).
  SLOW_READER: 408,
  SERVER_CLOSING: 503,
  // The model file, engine, sandbox and files are the server's own: a failure there is its fault.
  MODEL_NOT_FOUND: SERVER_FAULT,
  NOT_GGUF: SERVER_FAULT,
  TRUNCATED_GGUF: SERVER_FAULT,
  UNSUPPORTED_ARCHITECTURE: SERVER_FAULT,
  MODEL_LOAD_FAILED: SERVER_FAULT,
  DOWNLOAD_FAILED: SERVER_FAULT,
  NATIVE_UNAVAILABLE: SERVER_FAULT,
  NOT_INITIALIZED: SERVER_FAULT,
  GPU_UNAVAILABLE: SERVER_FAULT,
  BUSY: SERVER_FAULT,
  IN_USE: SERVER_FAULT,
  CONTEXT_FAILED: SERVER_FAULT,
  CAPTURE_FAILED: SERVER_FAULT,
  DECODE_FAILED: SERVER_FAULT,
  STEERING_FAILED: SERVER_FAULT,
  TOKENIZE_FAILED: SERVER_FAULT,
  DETOKENIZE_FAILED: SERVER_FAULT,
  CAPABILITY_UNAVAILABLE: SERVER_FAULT,
  IO: SERVER_FAULT,
  ADDRESS_IN_USE: SERVER_FAULT,
  SANDBOX_UNAVAILABLE: SERVER_FAULT,
  DISPOSED: SERVER_FAULT,
  ABORTED: SERVER_FAULT,
  INTERNAL: SERVER_FAULT,
  // The vLLM server behind this one.
  BACKEND_UNREACHABLE: SERVER_FAULT,
  BACKEND_NO_LENS: SERVER_FAULT,
  BACKEND_AUTH: SERVER_FAULT,
  BACKEND_OVERLOADED: SERVER_FAULT,
  BACKEND_REJECTED: SERVER_FAULT,
  BACKEND_PROTOCOL: SERVER_FAULT,
  MODEL_NOT_SERVED: SERVER_FAULT,
  RESPONSE_TRUNCATED: SERVER_FAULT,
};

/** The OpenAI spelling where it differs from the lower-cased Limbic code. */
const openAICodeOf: Partial<Record<LimbicErrorCode, string>> = { CONTEXT_FULL: "context_length_exceeded" };

const serverFaultMessage = "The server failed while handling this request; its log has the details.";

/** How the reply names the failure: the OpenAI `code`, the request field, extra headers (Retry-After, Allow, WWW-Authenticate). */
export interface HttpReply {
  code?: string;
  param?: string | null;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly code: string;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(
    override readonly cause: LimbicError,
    reply: HttpReply = {},
  ) {
    const status = httpStatusOfCode[cause.code];
    // A server fault keeps its details in the log, out of the reply.
    super(status === 500 ? serverFaultMessage : cause.message, { cause });
    this.status = status;
    this.code = status === 500 ? "internal_error" : (reply.code ?? openAICodeOf[cause.code] ?? cause.code.toLowerCase());
    this.param = status === 500 ? null : (reply.param ?? null);
    this.headers = reply.headers ?? {};
  }

  get type(): string {
    if (this.status === 401) return "authentication_error";
    if (this.status === 429) return "rate_limit_error";
    if (this.status >= 500) return "server_error";
    return "invalid_request_error";
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** 400 for a field the request got wrong; `param` names it (dotted path). */
export function invalidField(param: string, message: string, code = "invalid_value"): HttpError {
  return new HttpError(new InvalidInputError("INVALID_ARGUMENT", message), { code, param });
}

/** 400 for a request that is wrong as a whole (body, path), not in one field. */
export function invalidRequest(message: string, code: string): HttpError {
  return new HttpError(new InvalidInputError("INVALID_ARGUMENT", message), { code });
}

/** 404 for a route, model, run or vector set that is not here. */
export function notFound(message: string, reply: HttpReply = {}): HttpError {
  return new HttpError(new ResourceError("NOT_FOUND", message), reply);
}

/** A refusal for who asked, where, how big or how busy (401, 403, 405, 413, 429, 503). */
export function refused(code: CodeOf<"RequestRefusedError">, message: string, reply: HttpReply = {}): HttpError {
  return new HttpError(new RequestRefusedError(code, message), reply);
}

/** 400 for a prompt longer than the model's context. */
export function contextOverflow(message: string, param: string | null): HttpError {
  return new HttpError(new ContextOverflowError("CONTEXT_FULL", message), { param });
}

/**
 * Turns anything thrown while serving into an HttpError: a LimbicError keeps its code's
 * status, anything else is ours (500).
 */
export function toHttpError(error: unknown, param: string | null = null): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof LimbicError) return new HttpError(error, { param });
  return new HttpError(new InternalError("INTERNAL", error instanceof Error ? error.message : String(error), {}, { cause: error }));
}
