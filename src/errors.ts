/**
 * Every error Limbic throws is a LimbicError with a stable `code`, a message that names
 * the problem and what to do, and (where it helps) the offending value in `details`.
 */
export type LimbicErrorCode =
  | "INVALID_ARGUMENT"
  | "MODEL_NOT_FOUND"
  | "NOT_GGUF"
  | "TRUNCATED_GGUF"
  | "UNSUPPORTED_ARCHITECTURE"
  | "MODEL_LOAD_FAILED"
  | "LAYER_OUT_OF_RANGE"
  | "LAYER_NOT_STEERABLE"
  | "WIDTH_MISMATCH"
  | "NON_FINITE"
  | "EMPTY_INPUT"
  | "CONTEXT_FULL"
  | "INVALID_TOKEN"
  | "CONTROL_VECTOR_INVALID"
  | "NATIVE_UNAVAILABLE"
  | "GPU_UNAVAILABLE"
  | "DISPOSED"
  | "BUSY"
  | "ABORTED"
  | "CAPTURE_FAILED"
  | "DECODE_FAILED"
  | "CHAT_TEMPLATE_FAILED"
  | "DOWNLOAD_FAILED"
  | "CAPABILITY_UNAVAILABLE"
  | "BACKEND_UNREACHABLE"
  | "BACKEND_NO_LENS"
  | "BACKEND_AUTH"
  | "BACKEND_OVERLOADED"
  | "BACKEND_REJECTED"
  | "BACKEND_PROTOCOL"
  | "MODEL_NOT_SERVED"
  | "RESPONSE_TRUNCATED"
  | "SANDBOX_UNAVAILABLE"
  | "INTERNAL";

export class LimbicError extends Error {
  override readonly name: string = "LimbicError";
  constructor(
    readonly code: LimbicErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A model file is missing, not GGUF, cut short, or of an architecture llama.cpp cannot run. */
export class ModelFileError extends LimbicError {
  override readonly name = "ModelFileError";
}

/** A caller passed a value Limbic cannot use (layer, vector width, option). */
export class InvalidInputError extends LimbicError {
  override readonly name = "InvalidInputError";
}

/** The input does not fit in the model's context. */
export class ContextOverflowError extends LimbicError {
  override readonly name = "ContextOverflowError";
}

/** A control-vector file is malformed or does not fit the model. */
export class ControlVectorError extends LimbicError {
  override readonly name = "ControlVectorError";
}

/** The native bridge is missing, was built for another llama.cpp, or failed inside llama.cpp. */
export class EngineError extends LimbicError {
  override readonly name = "EngineError";
}

/** A model server (vLLM) is unreachable, refuses a request, lacks vllm-lens, or answers in a way Limbic cannot read. */
export class BackendError extends LimbicError {
  override readonly name = "BackendError";
}

/** The kernel gives no strong sandbox here (no namespaces, no mounts) and weak isolation was not allowed. */
export class SandboxUnavailableError extends LimbicError {
  override readonly name = "SandboxUnavailableError";
}

const nativeCodePattern = /^\[([A-Z_]+)\] ([\s\S]*)$/;

/** Turns an error thrown by the native bridge ("[CODE] message") into a typed LimbicError. */
export function fromNativeError(error: unknown, context?: string): LimbicError {
  if (error instanceof LimbicError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const match = nativeCodePattern.exec(message);
  const code = (match?.[1] ?? "INTERNAL") as LimbicErrorCode;
  const text = (context ? `${context}: ` : "") + (match?.[2] ?? message);
  switch (code) {
    case "CONTEXT_FULL":
      return new ContextOverflowError(code, text, {}, { cause: error });
    case "LAYER_OUT_OF_RANGE":
    case "LAYER_NOT_STEERABLE":
    case "WIDTH_MISMATCH":
    case "NON_FINITE":
    case "EMPTY_INPUT":
    case "INVALID_TOKEN":
    case "INVALID_ARGUMENT":
      return new InvalidInputError(code, text, {}, { cause: error });
    case "MODEL_LOAD_FAILED":
      return new ModelFileError(code, text, {}, { cause: error });
    default:
      return new EngineError(code, text, {}, { cause: error });
  }
}
