/**
 * Every error Limbic throws is a LimbicError with a stable `code`, a message that names
 * the problem and what to do, and (where it helps) the offending value in `details`.
 * Each code belongs to exactly one error class: `errorClassOfCode` is that table.
 */
export const errorClassOfCode = {
  INVALID_ARGUMENT: "InvalidInputError",
  LAYER_OUT_OF_RANGE: "InvalidInputError",
  LAYER_NOT_STEERABLE: "InvalidInputError",
  WIDTH_MISMATCH: "InvalidInputError",
  NON_FINITE: "InvalidInputError",
  EMPTY_INPUT: "InvalidInputError",
  /** The request or a resume clashes with what is stored or already running (another model, set, plan or version). */
  CONFLICT: "InvalidInputError",
  INVALID_TOKEN: "InvalidInputError",
  WORLD_MISMATCH: "InvalidInputError",
  MODEL_NOT_FOUND: "ModelFileError",
  NOT_GGUF: "ModelFileError",
  TRUNCATED_GGUF: "ModelFileError",
  UNSUPPORTED_ARCHITECTURE: "ModelFileError",
  MODEL_LOAD_FAILED: "ModelFileError",
  DOWNLOAD_FAILED: "ModelFileError",
  CONTEXT_FULL: "ContextOverflowError",
  CONTROL_VECTOR_INVALID: "ControlVectorError",
  NATIVE_UNAVAILABLE: "EngineError",
  NOT_INITIALIZED: "EngineError",
  GPU_UNAVAILABLE: "EngineError",
  BUSY: "EngineError",
  IN_USE: "EngineError",
  CONTEXT_FAILED: "EngineError",
  CAPTURE_FAILED: "EngineError",
  DECODE_FAILED: "EngineError",
  STEERING_FAILED: "EngineError",
  TOKENIZE_FAILED: "EngineError",
  DETOKENIZE_FAILED: "EngineError",
  CHAT_TEMPLATE_FAILED: "EngineError",
  CAPABILITY_UNAVAILABLE: "EngineError",
  BACKEND_UNREACHABLE: "BackendError",
  BACKEND_NO_LENS: "BackendError",
  BACKEND_AUTH: "BackendError",
  BACKEND_OVERLOADED: "BackendError",
  BACKEND_REJECTED: "BackendError",
  BACKEND_PROTOCOL: "BackendError",
  MODEL_NOT_SERVED: "BackendError",
  RESPONSE_TRUNCATED: "BackendError",
  UNAUTHORIZED: "RequestRefusedError",
  FORBIDDEN: "RequestRefusedError",
  METHOD_NOT_ALLOWED: "RequestRefusedError",
  REQUEST_TOO_LARGE: "RequestRefusedError",
  QUEUE_FULL: "RequestRefusedError",
  SLOW_READER: "RequestRefusedError",
  SERVER_CLOSING: "RequestRefusedError",
  NOT_FOUND: "ResourceError",
  IO: "ResourceError",
  ADDRESS_IN_USE: "ResourceError",
  SANDBOX_UNAVAILABLE: "SandboxUnavailableError",
  DISPOSED: "DisposedError",
  ABORTED: "AbortError",
  INTERNAL: "InternalError",
} as const;

export type LimbicErrorCode = keyof typeof errorClassOfCode;
type ErrorClassName = (typeof errorClassOfCode)[LimbicErrorCode];
/** The codes one error class may carry. */
export type CodeOf<Name extends ErrorClassName> = { [C in LimbicErrorCode]: (typeof errorClassOfCode)[C] extends Name ? C : never }[LimbicErrorCode];

type Details = Record<string, unknown>;
type Options = { cause?: unknown };

export class LimbicError extends Error {
  override readonly name: string = "LimbicError";
  protected constructor(
    readonly code: LimbicErrorCode,
    message: string,
    readonly details: Details = {},
    options?: Options,
  ) {
    super(message, options);
  }
}

/** A model file is missing, not GGUF, cut short, of an architecture llama.cpp cannot run, or could not be downloaded. */
export class ModelFileError extends LimbicError {
  override readonly name = "ModelFileError";
  declare readonly code: CodeOf<"ModelFileError">;
  constructor(code: CodeOf<"ModelFileError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** A caller passed a value Limbic cannot use (layer, vector width, option, request field). */
export class InvalidInputError extends LimbicError {
  override readonly name = "InvalidInputError";
  declare readonly code: CodeOf<"InvalidInputError">;
  constructor(code: CodeOf<"InvalidInputError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** The input does not fit in the model's context. */
export class ContextOverflowError extends LimbicError {
  override readonly name = "ContextOverflowError";
  declare readonly code: CodeOf<"ContextOverflowError">;
  constructor(code: CodeOf<"ContextOverflowError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** A control-vector file is malformed or does not fit the model. */
export class ControlVectorError extends LimbicError {
  override readonly name = "ControlVectorError";
  declare readonly code: CodeOf<"ControlVectorError">;
  constructor(code: CodeOf<"ControlVectorError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** The native bridge is missing, was built for another llama.cpp, or failed inside llama.cpp. */
export class EngineError extends LimbicError {
  override readonly name = "EngineError";
  declare readonly code: CodeOf<"EngineError">;
  constructor(code: CodeOf<"EngineError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** A model server (vLLM) is unreachable, refuses a request, lacks vllm-lens, or answers in a way Limbic cannot read. */
export class BackendError extends LimbicError {
  override readonly name = "BackendError";
  declare readonly code: CodeOf<"BackendError">;
  constructor(code: CodeOf<"BackendError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** Limbic's server refuses a request for who sent it, where, how big, or how busy it is (not for its values). */
export class RequestRefusedError extends LimbicError {
  override readonly name = "RequestRefusedError";
  declare readonly code: CodeOf<"RequestRefusedError">;
  constructor(code: CodeOf<"RequestRefusedError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/**
 * Something Limbic was pointed at is not there (NOT_FOUND: a file, folder, stored run, route,
 * model or vector set), cannot be read, written or opened (IO: permissions, a full disk, a
 * locked or damaged store), or is taken (ADDRESS_IN_USE: a port).
 */
export class ResourceError extends LimbicError {
  override readonly name = "ResourceError";
  declare readonly code: CodeOf<"ResourceError">;
  constructor(code: CodeOf<"ResourceError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** A file that could not be read: NOT_FOUND when it is missing, IO otherwise. `error` is what fs threw. */
export function readError(error: unknown, message: string, details?: Details): ResourceError {
  return new ResourceError((error as NodeJS.ErrnoException | null)?.code === "ENOENT" ? "NOT_FOUND" : "IO", message, details, { cause: error });
}

/** The kernel gives no strong sandbox here (no namespaces, no mounts) and weak isolation was not allowed. */
export class SandboxUnavailableError extends LimbicError {
  override readonly name = "SandboxUnavailableError";
  declare readonly code: CodeOf<"SandboxUnavailableError">;
  constructor(code: CodeOf<"SandboxUnavailableError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** A model, context or sampler was used after it was disposed. */
export class DisposedError extends LimbicError {
  override readonly name = "DisposedError";
  declare readonly code: CodeOf<"DisposedError">;
  constructor(code: CodeOf<"DisposedError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** The caller's AbortSignal stopped the work. */
export class AbortError extends LimbicError {
  override readonly name = "AbortError";
  declare readonly code: CodeOf<"AbortError">;
  constructor(code: CodeOf<"AbortError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

/** Something Limbic itself got wrong or did not expect; the message says where. */
export class InternalError extends LimbicError {
  override readonly name = "InternalError";
  declare readonly code: CodeOf<"InternalError">;
  constructor(code: CodeOf<"InternalError">, message: string, details?: Details, options?: Options) {
    super(code, message, details, options);
  }
}

const errorClasses = {
  ModelFileError,
  InvalidInputError,
  ContextOverflowError,
  ControlVectorError,
  EngineError,
  BackendError,
  RequestRefusedError,
  ResourceError,
  SandboxUnavailableError,
  DisposedError,
  AbortError,
  InternalError,
} satisfies Record<ErrorClassName, unknown>;

function isLimbicErrorCode(code: unknown): code is LimbicErrorCode {
  return typeof code === "string" && Object.hasOwn(errorClassOfCode, code);
}

/** The error of the class the table gives for `code`. */
export function limbicError(code: LimbicErrorCode, message: string, details?: Details, options?: Options): LimbicError {
  const ErrorClass = errorClasses[errorClassOfCode[code]] as new (code: LimbicErrorCode, ...rest: [string, Details?, Options?]) => LimbicError;
  return new ErrorClass(code, message, details, options);
}

/** Turns an error thrown by the native bridge (an Error with a string `code`) into a typed LimbicError. */
export function fromNativeError(error: unknown, context?: string): LimbicError {
  if (error instanceof LimbicError) return error;
  const nativeCode = (error as { code?: unknown } | null)?.code;
  const code = isLimbicErrorCode(nativeCode) ? nativeCode : "INTERNAL";
  const message = error instanceof Error ? error.message : String(error);
  return limbicError(code, (context ? `${context}: ` : "") + message, {}, { cause: error });
}
