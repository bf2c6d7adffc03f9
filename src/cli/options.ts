/** Parsing and shared options for the CLI commands. */
import { MAX_TEMPERATURE, temperatureProblem } from "../engine/sampling.js";
import { InvalidArgumentError, Option } from "commander";
import { InvalidInputError } from "../errors.js";
import { inspectGguf } from "../engine/gguf.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { openLanguageModel } from "../engine/openModel.js";
import { isVllmReference } from "../engine/openModel.js";
import type { VectorSet } from "../vectors/vectorSet.js";
import type { GpuOption } from "../engine/bindings.js";

export interface ModelFlags {
  gpu?: string;
  threads?: number;
  /** The vLLM server's key and request bound (set through withBackendOptions). */
  vllmApiKey?: string;
  maxInFlight?: number;
}

export const gpuOption = () => new Option("--gpu <variant>", "llama.cpp variant").choices(GPU_CHOICES).default(undefined);
export const threadsOption = () => new Option("--threads <n>", "llama.cpp threads").argParser(positiveInt);

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a positive integer.`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a non-negative integer.`);
  return n;
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a number.`);
  return n;
}

export function layerList(value: string): number[] {
  const layers = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (layers.length === 0 || layers.some((l) => !Number.isInteger(l) || l < 0))
    throw new InvalidArgumentError(`"${value}" is not a comma-separated list of layer numbers.`);
  return layers;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Opens the model on its backend: a vllm+http:// reference (withBackendOptions makes one from the flags) or a GGUF. */
export function openModel(model: string, flags: ModelFlags): Promise<LanguageModel> {
  if (isVllmReference(model)) {
    return openLanguageModel({
      model,
      ...(flags.vllmApiKey !== undefined ? { apiKey: flags.vllmApiKey } : {}),
      ...(flags.maxInFlight !== undefined ? { maxInFlight: flags.maxInFlight } : {}),
    });
  }
  const gpu = flags.gpu === undefined ? undefined : flags.gpu === "cpu" || flags.gpu === "false" ? false : (flags.gpu as GpuOption);
  return openLanguageModel({ model, ...(gpu !== undefined ? { gpu } : {}), ...(flags.threads ? { threads: flags.threads } : {}) });
}

/** A model reference that names no local file (hf:, vllm+http:, …): nothing to inspect before it opens. */
function isRemoteReference(modelRef: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(modelRef);
}

export const GPU_CHOICES = ["auto", "cpu", "cuda", "vulkan", "metal", "false"] as const;

export function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port (0-65535; 0 picks a free one).`);
  return n;
}

export function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n > 0 && n <= 1)) throw new InvalidArgumentError(`"${value}" is not a probability in (0, 1].`);
  return n;
}

export function temperature(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || temperatureProblem(n)) throw new InvalidArgumentError(`"${value}" is not a temperature from 0 to ${MAX_TEMPERATURE}.`);
  return n;
}

/** A share in [0, 1). */
export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n < 1)) throw new InvalidArgumentError(`"${value}" is not a fraction in [0, 1).`);
  return n;
}

export function emotionNames(value: string): string[] {
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError(`"${value}" names no emotion; give a comma-separated list such as desperate,calm.`);
  return names;
}

/** Every name must be in the vector set; checked before the model loads. */
export function checkEmotionsInSet(set: VectorSet, names: readonly string[], flag: string): void {
  const unknown = names.filter((n) => !set.manifest.emotions.includes(n));
  if (unknown.length) {
    const known = set.manifest.emotions;
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `${flag}: ${unknown.map((n) => `"${n}"`).join(", ")} ${unknown.length === 1 ? "is" : "are"} not in the vector set (it has ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}).`,
      { unknown },
    );
  }
}

/** A reading or steering layer must be one the set holds vectors for. */
export function checkLayerInSet(set: VectorSet, layer: number | undefined, flag = "--layer"): void {
  if (layer !== undefined && !set.manifest.layers.includes(layer)) {
    throw new InvalidInputError("LAYER_OUT_OF_RANGE", `${flag} ${layer}: the vector set has vectors at layers ${set.manifest.layers.join(", ")}.`, { layer });
  }
}

/** --prompt-style chat needs a chat template; a local GGUF's header says whether it has one. */
export async function checkChatTemplateInFile(modelRef: string): Promise<void> {
  if (isRemoteReference(modelRef)) return;
  const file = await inspectGguf(modelRef);
  const template = (file.metadata.tokenizer as { chat_template?: unknown } | undefined)?.chat_template;
  if (typeof template !== "string" || !template) {
    throw new InvalidInputError("INVALID_ARGUMENT", `--prompt-style chat needs a chat template, and ${modelRef} has none. Use --prompt-style base (or auto).`);
  }
}

/**
 * Checks layers against a local GGUF's block count from its header, before the weights load
 * (remote references are checked after download, by the engine).
 */
export async function checkLayersAgainstFile(
  modelRef: string,
  layers: readonly number[] | undefined,
  options: { steerable?: boolean; flag?: string } = {},
): Promise<void> {
  if (!layers?.length || isRemoteReference(modelRef)) return;
  const file = await inspectGguf(modelRef);
  const arch = file.architecture;
  const blocks = arch ? Number((file.metadata[arch] as { block_count?: unknown } | undefined)?.block_count) : NaN;
  if (!Number.isInteger(blocks)) return;
  const low = options.steerable ? 1 : 0;
  const bad = layers.filter((l) => l < low || l >= blocks);
  if (bad.length) {
    throw new InvalidInputError(
      "LAYER_OUT_OF_RANGE",
      `Layer ${bad.join(",")} is outside this model's blocks 0..${blocks - 1}${options.steerable ? " (only 1.." + String(blocks - 1) + " hold vectors: block 0 is never steered)" : ""} (${options.flag ?? "--layers"}, ${modelRef}).`,
      { layers: bad },
    );
  }
}
