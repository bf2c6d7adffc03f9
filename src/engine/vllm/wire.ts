/**
 * vllm-lens's tensor wire format: `{data: base64, dtype, original_dtype?, shape, compression?}`
 * (or `{handle, nbytes, transport: "binary", …}` whose bytes come from GET /v1/activations/{h}).
 * Payloads are zstd frames of raw little-endian arrays; bf16 travels as int16 bit patterns.
 */
import { decompressZstd } from "./zstd.js";
import { BackendError } from "../../errors.js";

export interface TensorMeta {
  dtype: string;
  original_dtype?: string;
  shape: number[];
  compression?: string;
}

export interface EncodedTensor extends TensorMeta {
  data?: string;
  handle?: string;
  nbytes?: number;
  transport?: string;
}

export interface DecodedTensor {
  shape: number[];
  /** Row-major float32 values. */
  data: Float32Array;
}

function protocolError(message: string, details: Record<string, unknown> = {}): BackendError {
  return new BackendError(
    "BACKEND_PROTOCOL",
    `vllm-lens sent an activation payload Limbic cannot read: ${message}. Check that the server runs vllm-lens 1.3.x.`,
    details,
  );
}

export function checkMeta(value: unknown, what: string): EncodedTensor {
  if (!value || typeof value !== "object") throw protocolError(`${what} is not an object`);
  const meta = value as EncodedTensor;
  if (typeof meta.dtype !== "string") throw protocolError(`${what} has no dtype`);
  if (!Array.isArray(meta.shape) || meta.shape.some((d) => !Number.isInteger(d) || d < 0)) throw protocolError(`${what} has no valid shape`);
  if (meta.compression !== undefined && meta.compression !== "zstd" && meta.compression !== "")
    throw protocolError(`${what} uses compression "${meta.compression}"`);
  return meta;
}

function elementSize(meta: TensorMeta): number {
  switch (meta.dtype) {
    case "float32":
      return 4;
    case "int16":
    case "float16":
      return 2;
    default:
      throw protocolError(`dtype "${meta.dtype}" is not float32, float16 or int16 (bf16)`, { dtype: meta.dtype });
  }
}

const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Widens IEEE half precision to float32. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Turns payload bytes (as sent: zstd when `compression` says so) into float32. The
 * decompressed length must match the shape exactly, so a cut-short body is caught here.
 */
export function decodeTensorBytes(bytes: Uint8Array, meta: TensorMeta): DecodedTensor {
  let raw: Uint8Array;
  if (meta.compression === "zstd") {
    try {
      raw = decompressZstd(bytes);
    } catch (error) {
      throw new BackendError(
        "RESPONSE_TRUNCATED",
        `An activation payload of ${bytes.length} bytes is not a complete zstd frame (${(error as Error).message}); the response was cut short. Retry the request.`,
        { bytes: bytes.length },
        { cause: error },
      );
    }
  } else {
    raw = bytes;
  }
  const size = elementSize(meta);
  const count = meta.shape.reduce((a, d) => a * d, 1);
  if (raw.length !== count * size) {
    throw new BackendError(
      "RESPONSE_TRUNCATED",
      `An activation payload holds ${raw.length} bytes; its shape [${meta.shape.join(", ")}] of ${meta.dtype} needs ${count * size}. The response was cut short or damaged; retry the request.`,
      { bytes: raw.length, expected: count * size },
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  if (meta.dtype === "float32") {
    if (littleEndianHost && raw.byteOffset % 4 === 0) out.set(new Float32Array(raw.buffer, raw.byteOffset, count));
    else for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  } else if (meta.dtype === "float16") {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  } else {
    // int16 is vllm-lens's carrier for bf16 (and only bf16): the 16 bits are the top half of a float32.
    if (meta.original_dtype !== undefined && meta.original_dtype !== "torch.bfloat16")
      throw protocolError(`int16 payload of original dtype ${meta.original_dtype}`);
    const bits = new Uint32Array(out.buffer);
    if (littleEndianHost && raw.byteOffset % 2 === 0) {
      const halves = new Uint16Array(raw.buffer, raw.byteOffset, count);
      for (let i = 0; i < count; i++) bits[i] = halves[i]! << 16;
    } else {
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
    }
  }
  return { shape: [...meta.shape], data: out };
}

export function decodeBase64Tensor(tensor: EncodedTensor, what: string): DecodedTensor {
  if (typeof tensor.data !== "string") throw protocolError(`${what} has neither data nor a handle`);
  return decodeTensorBytes(Buffer.from(tensor.data, "base64"), tensor);
}

/** A float32 tensor in vllm-lens's request form (uncompressed: Node has no zstd encoder). */
export function encodeFloat32Tensor(data: Float32Array, shape: number[]): { data: string; dtype: "float32"; shape: number[] } {
  const expected = shape.reduce((a, d) => a * d, 1);
  if (data.length !== expected) throw new Error(`encodeFloat32Tensor: ${data.length} values for shape [${shape.join(", ")}]`);
  const bytes = Buffer.alloc(data.length * 4);
  for (let i = 0; i < data.length; i++) bytes.writeFloatLE(data[i]!, i * 4);
  return { data: bytes.toString("base64"), dtype: "float32", shape };
}
