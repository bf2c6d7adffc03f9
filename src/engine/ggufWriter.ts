/** Writes small GGUF v3 files (control vectors, test models): typed key-values and arrays, F32 tensors, 32-byte aligned. */
import fs from "node:fs/promises";

export type GgufValue =
  | { type: "string"; value: string }
  | { type: "int32"; value: number }
  | { type: "uint32"; value: number }
  | { type: "float32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "array"; itemType: "string"; value: readonly string[] }
  | { type: "array"; itemType: "int32" | "uint32" | "float32"; value: readonly number[] };

export interface GgufF32Tensor {
  name: string;
  /** ggml order: dimensions[0] is the fastest-moving. */
  dimensions: number[];
  data: Float32Array;
}

const ALIGNMENT = 32;
const typeIds = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;

class ByteWriter {
  private chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeScalar(w: ByteWriter, type: "string" | "int32" | "uint32" | "float32" | "bool", value: string | number | boolean): void {
  if (type === "string") w.str(String(value));
  else if (type === "int32") w.i32(Number(value));
  else if (type === "uint32") w.u32(Number(value));
  else if (type === "float32") w.f32(Number(value));
  else w.push(Buffer.from([value ? 1 : 0]));
}

export function encodeGguf(metadata: Record<string, GgufValue>, tensors: GgufF32Tensor[]): Buffer {
  const w = new ByteWriter();
  w.push(Buffer.from("GGUF", "ascii"));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(Object.keys(metadata).length);
  for (const [key, entry] of Object.entries(metadata)) {
    w.str(key);
    w.u32(typeIds[entry.type]);
    if (entry.type === "array") {
      w.u32(typeIds[entry.itemType]);
      w.u64(entry.value.length);
      for (const item of entry.value) writeScalar(w, entry.itemType, item);
    } else {
      writeScalar(w, entry.type, entry.value);
    }
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    offsets.push(offset);
    offset += tensor.data.byteLength;
    offset += (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;
  }
  tensors.forEach((tensor, i) => {
    w.str(tensor.name);
    w.u32(tensor.dimensions.length);
    for (const d of tensor.dimensions) w.u64(d);
    w.u32(0); // GGML_TYPE_F32
    w.u64(offsets[i]!);
  });
  w.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    const bytes = Buffer.alloc(tensor.data.length * 4);
    tensor.data.forEach((v, j) => bytes.writeFloatLE(v, j * 4));
    w.push(bytes);
    w.padTo(ALIGNMENT);
  }
  return w.concat();
}

/** Writes atomically: a killed process leaves the old file or the new one, never half of one. */
export async function writeGgufFile(filePath: string, metadata: Record<string, GgufValue>, tensors: GgufF32Tensor[]): Promise<void> {
  const temp = `${filePath}.${process.pid}.tmp`;
  await fs.writeFile(temp, encodeGguf(metadata, tensors));
  await fs.rename(temp, filePath);
}
