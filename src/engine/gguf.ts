/**
 * GGUF reading for what Limbic checks before llama.cpp sees a file: header sanity,
 * tensor bounds, and F32/F16 tensor data (unembedding, control vectors). The header is first
 * walked with every count bounded by the file size (ggufHeader.ts); metadata values are then
 * parsed by node-llama-cpp's readGgufFileInfo.
 */
import fs from "node:fs/promises";
import { InvalidInputError, ModelFileError } from "../errors.js";
import { scanGgufHeader } from "./ggufHeader.js";

export interface GgufTensor {
  name: string;
  dimensions: number[];
  ggmlType: number;
  /** Absolute byte offset of the tensor's data in the file. */
  fileOffset: number;
}

export interface GgufFile {
  path: string;
  fileSize: number;
  version: number;
  architecture: string | undefined;
  metadata: Record<string, unknown>;
  tensors: GgufTensor[];
}

export const GGML_TYPE_F32 = 0;
export const GGML_TYPE_F16 = 1;

// [elements per block, bytes per block] for ggml's tensor types (ggml.h enum ggml_type).
const blockLayout: Record<number, [number, number]> = {
  0: [1, 4],
  1: [1, 2],
  2: [32, 18],
  3: [32, 20],
  6: [32, 22],
  7: [32, 24],
  8: [32, 34],
  9: [32, 36],
  10: [256, 84],
  11: [256, 110],
  12: [256, 144],
  13: [256, 176],
  14: [256, 210],
  15: [256, 292],
  16: [256, 66],
  17: [256, 74],
  18: [256, 98],
  19: [256, 50],
  20: [32, 18],
  21: [256, 110],
  22: [256, 82],
  23: [256, 136],
  24: [1, 1],
  25: [1, 2],
  26: [1, 4],
  27: [1, 8],
  28: [1, 8],
  29: [256, 56],
  30: [1, 2],
  34: [256, 54],
  35: [256, 66],
  39: [32, 17],
};

/** Bytes of a tensor's data, or undefined for a type this table does not know. */
export function tensorByteSize(tensor: Pick<GgufTensor, "dimensions" | "ggmlType">): number | undefined {
  const layout = blockLayout[tensor.ggmlType];
  if (!layout) return undefined;
  const elements = tensor.dimensions.reduce((a, b) => a * b, 1);
  if ((tensor.dimensions[0] ?? 0) % layout[0] !== 0) return NaN;
  return (elements / layout[0]) * layout[1];
}

const GGUF_MAGIC = Buffer.from("GGUF", "ascii");

/** Reads and checks a GGUF file's header and tensor table; throws ModelFileError with a clear reason. */
export async function inspectGguf(filePath: string): Promise<GgufFile> {
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch {
    throw new ModelFileError("MODEL_NOT_FOUND", `No file at ${filePath}. Check the path, or pass hf:<user>/<repo>/<file>.gguf to download one.`, {
      path: filePath,
    });
  }
  if (!stat.isFile()) throw new ModelFileError("MODEL_NOT_FOUND", `${filePath} is not a file.`, { path: filePath });
  const handle = await fs.open(filePath, "r");
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (!magic.equals(GGUF_MAGIC)) {
    throw new ModelFileError(
      "NOT_GGUF",
      `${filePath} is not a GGUF file (it does not start with "GGUF"). Convert the model with llama.cpp's convert_hf_to_gguf.py first.`,
      { path: filePath },
    );
  }
  // Bound every count and length by the file's size before a full parser allocates anything.
  const scan = await scanGgufHeader(filePath, stat.size, tensorByteSize);
  const { readGgufFileInfo } = await import("node-llama-cpp");
  let info;
  try {
    info = await readGgufFileInfo(filePath, { readTensorInfo: false, logWarnings: false, spliceSplitFiles: false });
  } catch (error) {
    throw new ModelFileError(
      "TRUNCATED_GGUF",
      `${filePath} has a damaged or cut-short GGUF header (${(error as Error).message}). Download it again.`,
      { path: filePath },
      { cause: error },
    );
  }
  const tensors: GgufTensor[] = scan.tensors.map((t) => ({
    name: t.name,
    dimensions: t.dimensions,
    ggmlType: t.ggmlType,
    fileOffset: scan.dataOffset + t.relativeOffset,
  }));
  const metadata = info.metadata as unknown as Record<string, unknown>;
  const general = metadata.general as { architecture?: string } | undefined;
  return { path: filePath, fileSize: stat.size, version: info.version, architecture: general?.architecture, metadata, tensors };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Reads an F32 or F16 tensor as Float32Array (row-major in ggml order: dimensions[0] is the fastest). */
export async function readTensorFloats(file: GgufFile, name: string): Promise<Float32Array> {
  const tensor = file.tensors.find((t) => t.name === name);
  if (!tensor) throw new InvalidInputError("INVALID_ARGUMENT", `${file.path} has no tensor named ${name}.`, { tensor: name });
  if (tensor.ggmlType !== GGML_TYPE_F32 && tensor.ggmlType !== GGML_TYPE_F16) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Tensor ${name} is of ggml type ${tensor.ggmlType}; only F32 and F16 can be read in TypeScript.`, {
      tensor: name,
    });
  }
  const size = tensorByteSize(tensor)!;
  const handle = await fs.open(file.path, "r");
  const bytes = Buffer.alloc(size);
  try {
    const { bytesRead } = await handle.read(bytes, 0, size, tensor.fileOffset);
    if (bytesRead !== size) throw new ModelFileError("TRUNCATED_GGUF", `${file.path} ends inside tensor ${name}.`);
  } finally {
    await handle.close();
  }
  const count = tensor.dimensions.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  if (tensor.ggmlType === GGML_TYPE_F32) {
    for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(i * 4);
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(bytes.readUInt16LE(i * 2));
  }
  return out;
}
