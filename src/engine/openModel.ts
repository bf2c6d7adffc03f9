/**
 * Opens a model on the backend its reference names: `vllm+http://…` (or `{ backend: "vllm", … }`)
 * connects to a vLLM server; anything else is a GGUF path or download reference for llama.cpp.
 */
import type { LanguageModel } from "./languageModel.js";
import { loadModel, type LoadModelOptions } from "./model.js";
import { isVllmReference, type VllmTarget } from "./vllm/reference.js";

// How a model is named (a GGUF path, hf:…, or vllm+http://…) is part of opening one: callers outside the engine use these, never the backend folder.
export { formatVllmReference, isVllmReference, resolveBackend } from "./vllm/reference.js";
import { VllmModel, type VllmModelOptions } from "./vllm/vllmModel.js";

export type OpenModelOptions = string | LoadModelOptions | VllmModelOptions | (VllmTarget & Omit<VllmModelOptions, "model">);

export async function openLanguageModel(options: OpenModelOptions): Promise<LanguageModel> {
  if (typeof options === "string") return isVllmReference(options) ? VllmModel.connect(options) : loadModel(options);
  if ("backend" in options && options.backend === "vllm") {
    const { backend: _backend, url, servedModel, apiKey, ...rest } = options;
    return VllmModel.connect({ ...rest, model: { url, servedModel, ...(apiKey !== undefined ? { apiKey } : {}) } });
  }
  const { model } = options as LoadModelOptions | VllmModelOptions;
  if (typeof model !== "string" || isVllmReference(model)) return VllmModel.connect(options as VllmModelOptions);
  return loadModel(options as LoadModelOptions);
}
