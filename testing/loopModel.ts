/**
 * A tiny test model that writes one text over and over, whatever the prompt: " Hi.\nUser: Hi.\nUser: …".
 * It plays the small model that runs on into an invented user turn, so turn stops can be seen
 * to cut a reply. Its blocks add nothing (zero output projections), so the residual stream is the
 * last token's embedding, and the output matrix maps each token of the loop to the next one
 * (every other token to the loop's first) with a margin no sampling temperature overcomes.
 * Written with Limbic's own GGUF writer and stories260K's vocabulary.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodeGguf, type GgufF32Tensor, type GgufValue } from "../src/engine/ggufWriter.js";
import { mulberry32 } from "../src/vectors/stats.js";
import { storiesVocabulary } from "./randomModel.js";

/** stories260K's pieces of " Hi.\nUser:" (▁H i . \n U s er :), all distinct: each has one successor. */
export const LOOP_TOKENS: readonly number[] = [320, 417, 426, 13, 471, 419, 285, 467];
/** The text the loop spells; a reply cut at the turn stop is its part before "\nUser:". */
export const LOOP_TEXT = " Hi.\nUser:";
export const LOOP_REPLY = " Hi.";

const N_EMBD = 16;
const N_LAYER = 2;
const N_FF = 32;
/** Logit of the next loop token over every other (0): certain at any temperature the server allows. */
const MARGIN = 40;

export async function encodeLoopModel(): Promise<Buffer> {
  const vocab = await storiesVocabulary();
  const nVocab = (vocab["tokenizer.ggml.tokens"]!.value as string[]).length;
  const random = mulberry32(5);
  const small = (name: string, dimensions: number[]): GgufF32Tensor => ({
    name,
    dimensions,
    data: Float32Array.from({ length: dimensions[0]! * dimensions[1]! }, () => (random() * 2 - 1) * 0.1),
  });
  const zeros = (name: string, dimensions: number[]): GgufF32Tensor => ({ name, dimensions, data: new Float32Array(dimensions[0]! * dimensions[1]!) });
  const ones = (name: string): GgufF32Tensor => ({ name, dimensions: [N_EMBD], data: new Float32Array(N_EMBD).fill(1) });
  // Loop token k points along axis k; every other token along the last loop token's axis (so it is followed by the loop's start).
  const last = LOOP_TOKENS.length - 1;
  const embedding = new Float32Array(N_EMBD * nVocab);
  for (let token = 0; token < nVocab; token++) {
    const k = LOOP_TOKENS.indexOf(token);
    embedding[token * N_EMBD + (k >= 0 ? k : last)] = 1;
  }
  const output = new Float32Array(N_EMBD * nVocab);
  LOOP_TOKENS.forEach((_, k) => {
    const next = LOOP_TOKENS[(k + 1) % LOOP_TOKENS.length]!;
    output[next * N_EMBD + k] = MARGIN / Math.sqrt(N_EMBD); // the final RMS norm scales a unit axis by √n_embd
  });
  const tensors: GgufF32Tensor[] = [
    { name: "token_embd.weight", dimensions: [N_EMBD, nVocab], data: embedding },
    ones("output_norm.weight"),
    { name: "output.weight", dimensions: [N_EMBD, nVocab], data: output },
  ];
  for (let l = 0; l < N_LAYER; l++) {
    tensors.push(
      small(`blk.${l}.attn_q.weight`, [N_EMBD, N_EMBD]),
      small(`blk.${l}.attn_k.weight`, [N_EMBD, N_EMBD]),
      small(`blk.${l}.attn_v.weight`, [N_EMBD, N_EMBD]),
      zeros(`blk.${l}.attn_output.weight`, [N_EMBD, N_EMBD]),
      ones(`blk.${l}.attn_norm.weight`),
      small(`blk.${l}.ffn_gate.weight`, [N_EMBD, N_FF]),
      zeros(`blk.${l}.ffn_down.weight`, [N_FF, N_EMBD]),
      small(`blk.${l}.ffn_up.weight`, [N_EMBD, N_FF]),
      ones(`blk.${l}.ffn_norm.weight`),
    );
  }
  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: "limbic-tiny-loop" },
    "llama.context_length": { type: "uint32", value: 512 },
    "llama.embedding_length": { type: "uint32", value: N_EMBD },
    "llama.feed_forward_length": { type: "uint32", value: N_FF },
    "llama.block_count": { type: "uint32", value: N_LAYER },
    "llama.attention.head_count": { type: "uint32", value: 2 },
    "llama.attention.head_count_kv": { type: "uint32", value: 2 },
    "llama.attention.layer_norm_rms_epsilon": { type: "float32", value: 1e-5 },
    "llama.rope.dimension_count": { type: "uint32", value: N_EMBD / 2 },
    ...vocab,
  };
  return encodeGguf(metadata, tensors);
}

let written: string | null = null;

/** Writes the loop model once per test process and returns its path. */
export async function loopModelFile(): Promise<string> {
  if (written && fs.existsSync(written)) return written;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-loop-model-"));
  const file = path.join(dir, "tiny-loop.gguf");
  fs.writeFileSync(file, await encodeLoopModel());
  written = file;
  return file;
}
