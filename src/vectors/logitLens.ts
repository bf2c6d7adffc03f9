/**
 * Logit lens for directions: each vector (times the output norm's weights) against every
 * row of the unembedding, read chunk by chunk from the GGUF and dequantized by ggml, so a
 * 262k-token vocabulary never sits in memory as f32.
 */
import fs from "node:fs/promises";
import { InternalError } from "../errors.js";
import { loadBridge } from "../engine/bindings.js";
import { GGML_TYPE_F32, inspectGguf, readTensorFloats, tensorByteSize, type GgufTensor } from "../engine/gguf.js";
import { fromNativeError } from "../errors.js";
import type { NativeBridge } from "../engine/bindings.js";
import { localGgufPath, type LanguageModel } from "../engine/languageModel.js";

export interface LensResult {
  top: number[];
  bottom: number[];
}

/** Keeps the k largest values seen (as [value, index] pairs), smallest first. */
class TopK {
  readonly items: [number, number][] = [];
  constructor(private readonly k: number) {}
  push(value: number, index: number): void {
    if (this.items.length === this.k && value <= this.items[0]![0]) return;
    let at = this.items.findIndex(([v]) => v > value);
    if (at < 0) at = this.items.length;
    this.items.splice(at, 0, [value, index]);
    if (this.items.length > this.k) this.items.shift();
  }
  indicesDescending(): number[] {
    return [...this.items].reverse().map(([, i]) => i);
  }
}

function dequantize(bridge: NativeBridge, type: number, bytes: Uint8Array, count: number): Float32Array {
  try {
    return bridge.dequantize(type, bytes, count);
  } catch (error) {
    throw fromNativeError(error, "reading the unembedding");
  }
}

export async function logitLens(model: LanguageModel, vectors: Float32Array[], k = 10): Promise<LensResult[]> {
  const file = await inspectGguf(localGgufPath(model, "The logit lens"));
  const tensor: GgufTensor | undefined = file.tensors.find((t) => t.name === "output.weight") ?? file.tensors.find((t) => t.name === "token_embd.weight");
  if (tensor?.dimensions.length !== 2) throw new InternalError("INTERNAL", `${model.info.path} has no 2-D output.weight or token_embd.weight to read.`);
  const [width, rows] = tensor.dimensions as [number, number];
  if (width !== model.info.nEmbd) throw new InternalError("INTERNAL", `Unembedding width ${width} differs from n_embd ${model.info.nEmbd}.`);
  const rowBytes = tensorByteSize({ dimensions: [width], ggmlType: tensor.ggmlType });
  if (rowBytes === undefined) throw new InternalError("INTERNAL", `Unembedding tensor type ${tensor.ggmlType} is unknown to Limbic's size table.`);
  const normWeights = file.tensors.some((t) => t.name === "output_norm.weight") ? await readTensorFloats(file, "output_norm.weight") : null;
  const directions = vectors.map((v) => (normWeights ? Float32Array.from(v, (x, j) => x * normWeights[j]!) : v));
  const tops = directions.map(() => new TopK(k));
  const bottoms = directions.map(() => new TopK(k));
  const { bridge } = loadBridge();
  const handle = await fs.open(model.info.path, "r");
  try {
    const chunkRows = 2048;
    for (let start = 0; start < rows; start += chunkRows) {
      const count = Math.min(chunkRows, rows - start);
      const bytes = new Uint8Array(count * rowBytes);
      await handle.read(bytes, 0, bytes.length, tensor.fileOffset + start * rowBytes);
      const data =
        tensor.ggmlType === GGML_TYPE_F32 ? new Float32Array(bytes.buffer, 0, count * width) : dequantize(bridge, tensor.ggmlType, bytes, count * width);
      for (let r = 0; r < count; r++) {
        const offset = r * width;
        directions.forEach((d, i) => {
          let dot = 0;
          for (let j = 0; j < width; j++) dot += d[j]! * data[offset + j]!;
          tops[i]!.push(dot, start + r);
          bottoms[i]!.push(-dot, start + r);
        });
      }
    }
  } finally {
    await handle.close();
  }
  return directions.map((_, i) => ({ top: tops[i]!.indicesDescending(), bottom: bottoms[i]!.indicesDescending() }));
}
