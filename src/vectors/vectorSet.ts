/**
 * A vector set on disk: one llama.cpp control-vector GGUF per emotion (unit vectors, one
 * direction.<layer> per extracted layer) plus manifest.json.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { readControlVector, writeControlVector } from "../engine/controlVector.js";
import { GGML_TYPE_F32, inspectGguf, readTensorFloats } from "../engine/gguf.js";
import { writeGgufFile } from "../engine/ggufWriter.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { normScaledSteering, type SteeringAddition } from "../engine/steering.js";

export { LIMBIC_VERSION } from "../version.js";

export type { ReadoutStats, StoryStats, VectorSetManifest } from "./manifest.js";
import type { VectorSetManifest } from "./manifest.js";

export interface VectorSet {
  dir: string;
  manifest: VectorSetManifest;
  /** emotion -> layer -> unit vector */
  vectors: Map<string, Map<number, Float32Array>>;
  /** layer -> μ_L (from the manifest's readout file); empty for a version-1 set. */
  neutralMean: Map<number, Float32Array>;
}

export const NEUTRAL_FILE = "neutral.gguf";
const NEUTRAL_ARCHITECTURE = "limbic.neutral";

export function emotionFileName(emotion: string): string {
  return `${emotion.replace(/[^a-z0-9-]+/gi, "_")}.gguf`;
}

/**
 * Writes the vectors (one control vector per emotion), μ per layer when given, and the manifest
 * last, each atomically: a killed write leaves the previous set or the new one.
 */
export async function writeVectorSet(
  dir: string,
  manifest: VectorSetManifest,
  vectors: Map<string, Map<number, Float32Array>>,
  neutralMean?: Map<number, Float32Array>,
): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  if (neutralMean) {
    const tensors = [...neutralMean].sort((a, b) => a[0] - b[0]).map(([layer, data]) => ({ name: `neutral_mean.${layer}`, dimensions: [data.length], data }));
    await writeGgufFile(
      path.join(dir, manifest.readout?.neutral_file ?? NEUTRAL_FILE),
      {
        "general.architecture": { type: "string", value: NEUTRAL_ARCHITECTURE },
        "limbic.neutral.model_sha256": { type: "string", value: manifest.model.sha256 },
      },
      tensors,
    );
  }
  for (const [emotion, layers] of vectors) {
    const steerable = new Map([...layers].filter(([layer]) => layer >= 1));
    await writeControlVector(path.join(dir, manifest.files[emotion] ?? emotionFileName(emotion)), {
      nEmbd: manifest.model.n_embd,
      modelHint: manifest.model.architecture,
      directions: steerable,
    });
  }
  const temp = path.join(dir, `manifest.json.${process.pid}.tmp`);
  await fs.writeFile(temp, JSON.stringify(manifest, null, 2));
  await fs.rename(temp, path.join(dir, "manifest.json"));
}

export async function readVectorSet(dir: string): Promise<VectorSet> {
  let manifest: VectorSetManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(dir, "manifest.json"), "utf8")) as VectorSetManifest;
  } catch (error) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `${dir} is not a vector set (no readable manifest.json). Create one with "limbic extract" or "limbic vectors import".`,
      { dir },
      { cause: error },
    );
  }
  if (manifest.format !== "limbic-vector-set")
    throw new InvalidInputError("INVALID_ARGUMENT", `${dir}/manifest.json is not a Limbic vector-set manifest.`, { dir });
  const vectors = new Map<string, Map<number, Float32Array>>();
  for (const emotion of manifest.emotions) {
    const file = path.join(dir, manifest.files[emotion] ?? emotionFileName(emotion));
    const cv = await readControlVector(file);
    if (cv.nEmbd !== manifest.model.n_embd)
      throw new InvalidInputError("WIDTH_MISMATCH", `${file} has width ${cv.nEmbd}; the manifest says ${manifest.model.n_embd}.`, { file });
    vectors.set(emotion, cv.directions);
  }
  return { dir, manifest, vectors, neutralMean: manifest.readout ? await readNeutralMean(dir, manifest) : new Map() };
}

async function readNeutralMean(dir: string, manifest: VectorSetManifest): Promise<Map<number, Float32Array>> {
  const file = path.join(dir, manifest.readout!.neutral_file);
  let gguf;
  try {
    gguf = await inspectGguf(file);
  } catch (error) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Vector set ${dir}: its neutral means (${manifest.readout!.neutral_file}) cannot be read: ${(error as Error).message}`,
      { dir },
      { cause: error },
    );
  }
  if (gguf.architecture !== NEUTRAL_ARCHITECTURE) throw new InvalidInputError("INVALID_ARGUMENT", `${file} is not a Limbic neutral-mean file.`, { file });
  const means = new Map<number, Float32Array>();
  for (const tensor of gguf.tensors) {
    const match = /^neutral_mean\.(\d+)$/.exec(tensor.name);
    if (!match || tensor.ggmlType !== GGML_TYPE_F32 || tensor.dimensions.length !== 1 || tensor.dimensions[0] !== manifest.model.n_embd) continue;
    means.set(Number(match[1]), await readTensorFloats(gguf, tensor.name));
  }
  return means;
}

/** Throws a clear error when a vector set was not made for this model. */
export function assertCompatible(set: VectorSet, model: LanguageModel, options: { allowOtherHash?: boolean } = {}): void {
  const m = set.manifest.model;
  if (m.n_embd !== model.info.nEmbd) {
    throw new InvalidInputError(
      "WIDTH_MISMATCH",
      `Vector set ${set.dir} has width ${m.n_embd} (made for ${m.name}); ${model.info.name} has n_embd ${model.info.nEmbd}. Extract vectors for this model.`,
      { dir: set.dir },
    );
  }
  if (!options.allowOtherHash && m.sha256 && m.sha256 !== model.info.sha256) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Vector set ${set.dir} was made for model file ${m.file} (sha256 ${m.sha256.slice(0, 12)}…), not ${path.basename(model.info.path)} (${model.info.sha256.slice(0, 12)}…). Use the same model file, or pass the option that allows another file of the same architecture.`,
      { dir: set.dir },
    );
  }
}

/**
 * A set's content id: sha256 of its manifest (model hash, emotions, layers, creation time, the
 * readout's μ and σ) and of every vector's bytes. Runs record it, so a resume with another set is refused.
 */
export function vectorSetId(set: VectorSet): string {
  const hash = createHash("sha256").update(JSON.stringify(set.manifest));
  for (const emotion of set.manifest.emotions) {
    for (const [layer, vector] of [...(set.vectors.get(emotion) ?? new Map<number, Float32Array>())].sort((a, b) => a[0] - b[0])) {
      hash.update(`${emotion}\u0000${layer}\u0000`).update(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
    }
  }
  return hash.digest("hex");
}

export function vectorFor(set: VectorSet, emotion: string, layer = set.manifest.default_layer): Float32Array {
  const byLayer = set.vectors.get(emotion);
  if (!byLayer) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Vector set ${set.dir} has no emotion "${emotion}". It has: ${set.manifest.emotions.slice(0, 20).join(", ")}${set.manifest.emotions.length > 20 ? ", …" : ""}.`,
      { emotion },
    );
  }
  const vector = byLayer.get(layer);
  if (!vector)
    throw new InvalidInputError(
      "LAYER_OUT_OF_RANGE",
      `Vector set ${set.dir} has no layer ${layer} for "${emotion}"; it has layers ${[...byLayer.keys()].join(", ")}.`,
      { emotion, layer },
    );
  return vector;
}

/** Steering in the paper's unit: strength x the layer's mean residual norm x the unit vector. */
export function emotionSteering(set: VectorSet, emotion: string, strength: number, layer = set.manifest.default_layer): SteeringAddition {
  const norm = set.manifest.mean_residual_norms[String(layer)];
  if (norm === undefined) throw new InvalidInputError("INVALID_ARGUMENT", `Vector set ${set.dir} records no mean residual norm for layer ${layer}.`, { layer });
  return normScaledSteering(layer, vectorFor(set, emotion, layer), strength, norm);
}
