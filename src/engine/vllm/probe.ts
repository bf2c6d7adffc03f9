/**
 * What Limbic learns from a vLLM server before using it: that it serves the model, that
 * vllm-lens is loaded (a one-token capture of every layer, which also gives n_layer and
 * n_embd), the vocabulary size, the tokenizer's style, special tokens and chat template.
 */
import { createHash } from "node:crypto";
import { BackendError } from "../../errors.js";
import type { TokenizerInfo, VllmLensClient } from "./client.js";
import { detectPieceStyle, type PieceStyle } from "./tokenPieces.js";

export interface ProbedModel {
  servedModel: string;
  root: string;
  contextLength: number;
  nLayer: number;
  nEmbd: number;
  nVocab: number;
  chatTemplate: string | null;
  bosText: string;
  eosText: string;
  tokenizerClass: string;
  /** Added (control) tokens: id -> text. */
  special: Map<number, string>;
  endOfGeneration: Set<number>;
  pieceStyle: PieceStyle;
  identity: string;
}

// End-of-turn tokens llama.cpp also treats as end of generation, by their text.
const END_OF_TURN_TEXTS = ["<end_of_turn>", "<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|end|>", "<|endoftext|>", "<EOT>", "<|return|>", "<|call|>"];

function specialTokens(info: TokenizerInfo | null): Map<number, string> {
  const out = new Map<number, string>();
  for (const [id, value] of Object.entries(info?.added_tokens_decoder ?? {})) {
    const content = typeof value === "string" ? value : value?.content;
    if (typeof content === "string" && /^\d+$/.test(id)) out.set(Number(id), content);
  }
  return out;
}

export async function probeServer(client: VllmLensClient, signal?: AbortSignal): Promise<ProbedModel> {
  const models = await client.models(signal);
  const card = models.find((m) => m.id === client.servedModel);
  if (!card) {
    throw new BackendError(
      "MODEL_NOT_SERVED",
      `The vLLM server at ${client.url} does not serve "${client.servedModel}"; it serves ${models.map((m) => `"${m.id}"`).join(", ") || "nothing"}. Use one of those names (the server's --served-model-name).`,
      { url: client.url, served: models.map((m) => m.id) },
    );
  }
  const contextLength = card.max_model_len;
  if (!Number.isInteger(contextLength) || contextLength! < 2)
    throw new BackendError("BACKEND_PROTOCOL", `${client.url}/v1/models gives no max_model_len for "${card.id}"; Limbic needs vLLM 0.30.`, { url: client.url });
  const info = await client.tokenizerInfo(signal);
  const special = specialTokens(info);
  const sample = await client.tokenize("Hello world, a b c", true, signal);
  if (sample.tokens.length === 0)
    throw new BackendError("BACKEND_PROTOCOL", `${client.url}/tokenize returned no tokens for a short text.`, { url: client.url });
  const shapeProbe = await client.complete({
    prompt: sample.tokens.slice(0, 2),
    maxTokens: 1,
    sampling: { temperature: 0, topK: 0, topP: 1, minP: 0 },
    captureLayers: "all",
    ...(signal ? { signal } : {}),
  });
  const stream = shapeProbe.activations!;
  const nVocab = await client.vocabularySize(signal);
  const byText = new Map([...special].map(([id, text]) => [text, id]));
  const endOfGeneration = new Set<number>();
  for (const text of [info?.eos_token, ...END_OF_TURN_TEXTS]) {
    const id = typeof text === "string" ? byText.get(text) : undefined;
    if (id !== undefined) endOfGeneration.add(id);
  }
  const identity = createHash("sha256")
    .update(JSON.stringify({ backend: "vllm", servedModel: card.id, root: card.root ?? "", nLayer: stream.layers.length, nEmbd: stream.nEmbd, nVocab }))
    .digest("hex");
  return {
    servedModel: card.id,
    root: card.root ?? card.id,
    contextLength: contextLength!,
    nLayer: stream.layers.length,
    nEmbd: stream.nEmbd,
    nVocab,
    chatTemplate: typeof info?.chat_template === "string" ? info.chat_template : null,
    bosText: typeof info?.bos_token === "string" ? info.bos_token : "",
    eosText: typeof info?.eos_token === "string" ? info.eos_token : "",
    tokenizerClass: typeof info?.tokenizer_class === "string" ? info.tokenizer_class : "unknown",
    special,
    endOfGeneration,
    pieceStyle: detectPieceStyle(sample.pieces ?? []),
    identity,
  };
}
