/**
 * A second tiny test model, written by Limbic's own GGUF writer: random weights in a shape unlike
 * stories260K's (1 block, n_embd 16), with stories260K's vocabulary. Nothing about it is
 * downloaded or vendored, so it has no licence question.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspectGguf } from "../src/engine/gguf.js";
import { encodeGguf, type GgufF32Tensor, type GgufValue } from "../src/engine/ggufWriter.js";
import { FIXTURES, STORIES } from "./models.js";
import { mulberry32 } from "../src/vectors/stats.js";

interface Shape {
  nEmbd: number;
  nLayer: number;
  nHead: number;
  nHeadKv: number;
  nFf: number;
}

const SHAPE: Shape = { nEmbd: 16, nLayer: 1, nHead: 2, nHeadKv: 2, nFf: 32 };

/** Deterministic uniform noise in [-scale, scale] (mulberry32). */
function noise(count: number, seed: number, scale: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}

/** stories260K's tokenizer as GGUF metadata, for models written here. */
export async function storiesVocabulary(): Promise<Record<string, GgufValue>> {
  const stories = await inspectGguf(path.join(FIXTURES, STORIES));
  const t = (stories.metadata.tokenizer as { ggml: Record<string, unknown> }).ggml;
  return {
    "tokenizer.ggml.model": { type: "string", value: String(t.model) },
    "tokenizer.ggml.tokens": { type: "array", itemType: "string", value: t.tokens as string[] },
    "tokenizer.ggml.scores": { type: "array", itemType: "float32", value: t.scores as number[] },
    "tokenizer.ggml.token_type": { type: "array", itemType: "int32", value: t.token_type as number[] },
    "tokenizer.ggml.bos_token_id": { type: "uint32", value: Number(t.bos_token_id) },
    "tokenizer.ggml.eos_token_id": { type: "uint32", value: Number(t.eos_token_id) },
    "tokenizer.ggml.unknown_token_id": { type: "uint32", value: Number(t.unknown_token_id) },
  };
}

/** Encodes a random llama model of the given shape with stories260K's vocabulary. */
export async function encodeRandomModel(shape: Shape = SHAPE, seed = 7): Promise<Buffer> {
  const vocab = await storiesVocabulary();
  const nVocab = (vocab["tokenizer.ggml.tokens"]!.value as string[]).length;
  const { nEmbd, nLayer, nHead, nHeadKv, nFf } = shape;
  const kvWidth = (nEmbd / nHead) * nHeadKv;
  let next = seed;
  const weight = (name: string, dimensions: number[], scale = 0.3): GgufF32Tensor => ({
    name,
    dimensions,
    data: noise(
      dimensions.reduce((a, b) => a * b, 1),
      next++,
      scale,
    ),
  });
  const ones = (name: string): GgufF32Tensor => ({ name, dimensions: [nEmbd], data: new Float32Array(nEmbd).fill(1) });
  const tensors: GgufF32Tensor[] = [weight("token_embd.weight", [nEmbd, nVocab], 1), ones("output_norm.weight"), weight("output.weight", [nEmbd, nVocab])];
  for (let l = 0; l < nLayer; l++) {
    tensors.push(
      weight(`blk.${l}.attn_q.weight`, [nEmbd, nEmbd]),
      weight(`blk.${l}.attn_k.weight`, [nEmbd, kvWidth]),
      weight(`blk.${l}.attn_v.weight`, [nEmbd, kvWidth]),
      weight(`blk.${l}.attn_output.weight`, [nEmbd, nEmbd]),
      ones(`blk.${l}.attn_norm.weight`),
      weight(`blk.${l}.ffn_gate.weight`, [nEmbd, nFf]),
      weight(`blk.${l}.ffn_down.weight`, [nFf, nEmbd]),
      weight(`blk.${l}.ffn_up.weight`, [nEmbd, nFf]),
      ones(`blk.${l}.ffn_norm.weight`),
    );
  }
  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: "limbic-tiny-random" },
    "llama.context_length": { type: "uint32", value: 512 },
    "llama.embedding_length": { type: "uint32", value: nEmbd },
    "llama.feed_forward_length": { type: "uint32", value: nFf },
    "llama.block_count": { type: "uint32", value: nLayer },
    "llama.attention.head_count": { type: "uint32", value: nHead },
    "llama.attention.head_count_kv": { type: "uint32", value: nHeadKv },
    "llama.attention.layer_norm_rms_epsilon": { type: "float32", value: 1e-5 },
    "llama.rope.dimension_count": { type: "uint32", value: nEmbd / nHead },
    ...vocab,
  };
  return encodeGguf(metadata, tensors);
}

let written: string | null = null;

/** Writes the random model once per test process and returns its path. */
export async function randomModelFile(): Promise<string> {
  if (written && fs.existsSync(written)) return written;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-random-model-"));
  const file = path.join(dir, "tiny-random.gguf");
  fs.writeFileSync(file, await encodeRandomModel());
  written = file;
  return file;
}
