/**
 * Loads the native bridge (native/out/<variant>/limbic_bridge.node) and declares its
 * surface. This is the only file that touches the .node binary.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { config } from "../config.js";
import { EngineError } from "../errors.js";
import type { SamplingOptions } from "./contract.js";

export type GpuVariant = "cpu" | "cuda" | "vulkan" | "metal";
export type GpuOption = "auto" | GpuVariant | false;

export interface NativeDevice {
  name: string;
  description: string;
  type: "cpu" | "gpu" | "igpu" | "accel" | "other";
  memoryTotal: number;
  memoryFree: number;
}

export interface NativeModelInfo {
  nLayer: number;
  nEmbd: number;
  nVocab: number;
  nCtxTrain: number;
  nParams: number;
  sizeBytes: number;
  description: string;
  chatTemplate: string | null;
  bos: number;
  eos: number;
  addBos: boolean;
  meta: Record<string, string>;
}

export interface NativeModel {
  info(): NativeModelInfo;
  tokenize(text: string, addSpecial: boolean, parseSpecial: boolean): Int32Array;
  detokenize(tokens: Int32Array, renderSpecial: boolean): string;
  tokenPiece(token: number, renderSpecial: boolean): Uint8Array;
  isEog(token: number): boolean;
  dispose(): void;
}

export interface NativeSampler {
  accept(token: number): void;
  reset(): void;
  dispose(): void;
}

/** llama.cpp's sampler chain takes the caller's sampling options plus the vocabulary size (for penalties). */
export interface NativeSamplerOptions extends SamplingOptions {
  nVocab?: number;
}

export interface NativeDecodeRequest {
  tokens: Int32Array;
  positions: Int32Array;
  seqIds: Int32Array;
  outputs: Uint8Array;
  captureLayers: Int32Array;
  captureMask: Uint8Array;
  wantLogits: boolean;
  samples: { index: number; sampler: NativeSampler }[];
}

export interface NativeDecodeResult {
  /** One array per capture layer, in request order: [captured tokens x n_embd]. */
  captures: Float32Array[];
  /** [outputs x n_vocab] in batch order, when wantLogits. */
  logits: Float32Array | null;
  sampled: Int32Array;
}

export interface NativeContextOptions {
  nCtx: number;
  nBatch: number;
  nUbatch?: number;
  nSeqMax: number;
  nThreads: number;
  nThreadsBatch?: number;
  /** 0 off, 1 on, 2 auto. */
  flashAttention?: number;
  kvF32?: number;
  /** 1 (default): one KV buffer for all sequences; 0: a KV stream per sequence. */
  kvUnified?: number;
}

export interface NativeContext {
  readonly nCtx: number;
  readonly nBatch: number;
  readonly nSeqMax: number;
  readonly kvUnified: boolean;
  decode(request: NativeDecodeRequest): Promise<NativeDecodeResult>;
  /** n_embd x (n_layer - 1) floats (blocks 1..n_layer-1), or null to switch steering off. Returns steered block count. */
  setSteering(data: Float32Array | null): number;
  /**
   * Steering for one sequence's rows only (same buffer layout as setSteering; null clears it).
   * Added in the eval callback to the rows whose seq_id is seqId, so each sequence of a batch
   * can be steered differently. With a KV stream per sequence (kvUnified false), a decode with
   * steered sequences must hold one sequence, or equal runs in increasing sequence order.
   */
  setSequenceSteering(seqId: number, data: Float32Array | null): number;
  /** Clears every sequence's own steering. */
  clearSequenceSteering(): void;
  clearMemory(): void;
  removeSequence(seqId: number, p0?: number, p1?: number): boolean;
  dispose(): void;
}

export interface NativeBridge {
  initBackend(binsDir: string): NativeDevice[];
  listDevices(): NativeDevice[];
  setLogLevel(level: number): void;
  takeLogs(): string[];
  /** Converts `count` elements of ggml tensor data of `type` to f32 (ggml's own converters). */
  dequantize(type: number, bytes: Uint8Array, count: number): Float32Array;
  loadModel(path: string, gpuLayers: number, useMmap: boolean, repack: boolean): Promise<NativeModel>;
  BridgeContext: new (model: NativeModel, options: NativeContextOptions) => NativeContext;
  BridgeSampler: new (options: NativeSamplerOptions) => NativeSampler;
}

export interface LoadedBridge {
  bridge: NativeBridge;
  variant: GpuVariant;
  devices: NativeDevice[];
}

const require = createRequire(import.meta.url);
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const outDir = path.join(packageRoot, "native", "out");
const gpuOrder: GpuVariant[] = ["cuda", "vulkan", "metal"];
const logLevels: Record<string, number> = { debug: 1, info: 2, warn: 3, error: 4, none: 100 };

let loaded: LoadedBridge | null = null;

/** The variants whose bridge was built at install time. */
export function builtVariants(): GpuVariant[] {
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir)
    .filter((d) => fs.existsSync(path.join(outDir, d, "limbic_bridge.node")))
    .map((d) => d as GpuVariant);
}

function variantInfo(variant: GpuVariant): { binsDir: string } {
  return JSON.parse(fs.readFileSync(path.join(outDir, variant, "variant.json"), "utf8")) as { binsDir: string };
}

// Probing runs in a child process: one process can hold only one llama.cpp variant.
function variantHasGpu(variant: GpuVariant): boolean {
  const script =
    `const b=require(${JSON.stringify(path.join(outDir, variant, "limbic_bridge.node"))});` +
    `const d=b.initBackend(${JSON.stringify(variantInfo(variant).binsDir)});` +
    `process.stdout.write(JSON.stringify(d.some(x=>x.type==="gpu"||x.type==="igpu")))`;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
  return result.status === 0 && result.stdout.trim() === "true";
}

function chooseVariant(gpu: GpuOption): GpuVariant {
  const built = builtVariants();
  if (built.length === 0) {
    throw new EngineError(
      "NATIVE_UNAVAILABLE",
      `The native bridge is not built (nothing in ${outDir}). Run "npm install" (or "node scripts/build-native.mjs") in the limbic package.`,
    );
  }
  const wanted = gpu === false ? "cpu" : gpu;
  if (wanted !== "auto") {
    if (!built.includes(wanted)) {
      throw new EngineError(
        "GPU_UNAVAILABLE",
        `The ${wanted} bridge was not built (built: ${built.join(", ")}). Rebuild with LIMBIC_GPU_VARIANTS=${wanted} node scripts/build-native.mjs.`,
      );
    }
    return wanted;
  }
  for (const variant of gpuOrder) if (built.includes(variant) && variantHasGpu(variant)) return variant;
  if (built.includes("cpu")) return "cpu";
  return built[0]!;
}

/** Loads the bridge once per process; later calls must agree on the variant. */
export function loadBridge(gpu: GpuOption = (config.gpu as GpuOption | undefined) ?? "auto"): LoadedBridge {
  if (loaded) {
    const wanted = gpu === false ? "cpu" : gpu;
    if (wanted !== "auto" && wanted !== loaded.variant) {
      throw new EngineError(
        "GPU_UNAVAILABLE",
        `This process already runs llama.cpp's ${loaded.variant} variant; one process holds one variant. Use gpu: "${loaded.variant}" or a separate process.`,
      );
    }
    return loaded;
  }
  const variant = chooseVariant(gpu);
  let bridge: NativeBridge;
  try {
    bridge = require(path.join(outDir, variant, "limbic_bridge.node")) as NativeBridge;
  } catch (error) {
    throw new EngineError(
      "NATIVE_UNAVAILABLE",
      `The ${variant} native bridge failed to load (${(error as Error).message}). Rebuild it with "node scripts/build-native.mjs".`,
      {},
      { cause: error },
    );
  }
  bridge.setLogLevel(logLevels[config.logLevel] ?? 100);
  const devices = bridge.initBackend(variantInfo(variant).binsDir);
  if (variant !== "cpu" && !devices.some((d) => d.type === "gpu" || d.type === "igpu")) {
    throw new EngineError("GPU_UNAVAILABLE", `The ${variant} variant found no GPU device on this machine; use gpu: false or "auto".`);
  }
  loaded = { bridge, variant, devices };
  return loaded;
}
