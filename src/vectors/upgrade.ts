/**
 * Adds what the single readout needs (μ and σ per layer, measured on the neutral set) to a vector
 * set that lacks them: one made before the readout existed, or imported control vectors.
 */
import type { LanguageModel } from "../engine/languageModel.js";
import { measureNeutralReadout } from "./neutral.js";
import { assertCompatible, NEUTRAL_FILE, writeVectorSet, type VectorSet, type VectorSetManifest } from "./vectorSet.js";

/** μ and σ for `vectors` at `layers`, as a manifest's readout section plus the μ to write. */
export async function readoutFor(model: LanguageModel, vectors: Map<string, Map<number, Float32Array>>, layers: readonly number[]) {
  const measured = await measureNeutralReadout(model, vectors, layers);
  return { readout: { neutral_file: NEUTRAL_FILE, neutral_tokens: measured.tokens, spread: measured.spread }, neutralMean: measured.mean };
}

/** Rewrites `set` as a version-2 set (vectors unchanged); returns the new manifest. */
export async function upgradeVectorSet(model: LanguageModel, set: VectorSet): Promise<VectorSetManifest> {
  assertCompatible(set, model);
  const { readout, neutralMean } = await readoutFor(model, set.vectors, set.manifest.layers);
  const manifest: VectorSetManifest = { ...set.manifest, version: 2, readout };
  await writeVectorSet(set.dir, manifest, set.vectors, neutralMean);
  return manifest;
}
