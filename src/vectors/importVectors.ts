/** Imports control-vector GGUFs (repeng, llama.cpp cvector-generator, EasySteer) as a Limbic vector set. */
import fs from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { readControlVector } from "../engine/controlVector.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { cachedResidualNorms } from "./normCache.js";
import { readoutFor } from "./upgrade.js";
import { emotionFileName, LIMBIC_VERSION, writeVectorSet, type VectorSetManifest } from "./vectorSet.js";

/** Each file becomes one concept named after the file; vectors are normalised per layer. */
export async function importControlVectors(
  model: LanguageModel,
  files: readonly string[],
  outDir: string,
  normTexts: readonly string[],
): Promise<VectorSetManifest> {
  if (files.length === 0) throw new InvalidInputError("EMPTY_INPUT", "Give at least one control-vector file to import.");
  const vectors = new Map<string, Map<number, Float32Array>>();
  const layers = new Set<number>();
  for (const file of files) {
    const cv = await readControlVector(file);
    if (cv.nEmbd !== model.info.nEmbd) {
      throw new InvalidInputError("WIDTH_MISMATCH", `${file} has width ${cv.nEmbd}; ${model.info.name} has n_embd ${model.info.nEmbd}.`, { file });
    }
    const name = path.basename(file).replace(/\.gguf$/i, "");
    const unit = new Map<number, Float32Array>();
    for (const [layer, v] of cv.directions) {
      if (layer >= model.info.nLayer)
        throw new InvalidInputError("LAYER_OUT_OF_RANGE", `${file} has direction.${layer}; the model has blocks 0..${model.info.nLayer - 1}.`, { file, layer });
      const norm = Math.hypot(...v);
      if (norm > 0) {
        unit.set(
          layer,
          Float32Array.from(v, (x) => x / norm),
        );
        layers.add(layer);
      }
    }
    vectors.set(name, unit);
  }
  const sortedLayers = [...layers].sort((a, b) => a - b);
  const norms = await cachedResidualNorms(model, normTexts, sortedLayers);
  const { readout, neutralMean } = await readoutFor(model, vectors, sortedLayers);
  const emotions = [...vectors.keys()];
  const target = Math.round((model.info.nLayer * 2) / 3);
  const manifest: VectorSetManifest = {
    format: "limbic-vector-set",
    version: 2,
    limbic_version: LIMBIC_VERSION,
    model: {
      name: model.info.name,
      file: path.basename(model.info.path),
      sha256: model.info.sha256,
      architecture: model.info.architecture,
      n_embd: model.info.nEmbd,
      n_layer: model.info.nLayer,
    },
    emotions,
    files: Object.fromEntries(emotions.map((e) => [e, emotionFileName(e)])),
    layers: sortedLayers,
    default_layer: sortedLayers.reduce((best, l) => (Math.abs(l - target) < Math.abs(best - target) ? l : best), sortedLayers[0]!),
    counts: Object.fromEntries(emotions.map((e) => [e, 0])),
    token_offset: 0,
    read_mode: "imported",
    method: "imported control vectors, normalised to unit length per layer",
    denoise: { variance_fraction: 0, components: {} },
    mean_residual_norms: Object.fromEntries([...norms].map(([l, v]) => [String(l), v])),
    created_at: new Date().toISOString(),
    source: files.map((f) => path.resolve(f)).join(", "),
    readout,
  };
  await fs.mkdir(outDir, { recursive: true });
  await writeVectorSet(outDir, manifest, vectors, neutralMean);
  return manifest;
}
