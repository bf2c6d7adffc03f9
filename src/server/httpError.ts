/**
 * Errors the server answers with, in the OpenAI error shape
 * {"error": {"message", "type", "param", "code"}}, and the mapping from Limbic's typed errors.
 */
import { ContextOverflowError, ControlVectorError, InvalidInputError, LimbicError } from "../errors.js";

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    /** Extra response headers (Retry-After, Allow, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
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
  return new HttpError(400, message, code, param);
}

/**
 * Turns anything thrown while serving into an HttpError. Limbic's input errors are the
 * client's fault (400); anything else is ours (500, with details kept out of the reply).
 */
export function toHttpError(error: unknown, param: string | null = null): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ContextOverflowError) return new HttpError(400, error.message, "context_length_exceeded", param);
  if (error instanceof InvalidInputError || error instanceof ControlVectorError) return new HttpError(400, error.message, error.code.toLowerCase(), param);
  if (error instanceof LimbicError && (error.code === "CHAT_TEMPLATE_FAILED" || error.code === "INVALID_ARGUMENT")) {
    return new HttpError(400, error.message, error.code.toLowerCase(), param);
  }
  return new HttpError(500, "The server failed while handling this request; its log has the details.", "internal_error");
}
