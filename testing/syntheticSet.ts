/** A hand-made vector set for a loaded model: known unit vectors, so expected readouts are known. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Model } from "../src/index.js";
import { writeVectorSet, type VectorSetManifest } from "../src/vectors/vectorSet.js";
import type { Baseline } from "../src/monitor/readout.js";

export async function syntheticVectorSet(model: Model, vectors: Record<string, Float32Array>, layer: number, baseline?: Record<string, { mean: number; std: number }>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-synthetic-"));
  const emotions = Object.keys(vectors);
  const norms = await model.residualNorms(["Once upon a time there was a girl.", "The dog ran to the park."], { layers: [layer] });
  const manifest: VectorSetManifest = {
    format: "limbic-vector-set",
    version: 1,
    limbic_version: "test",
    model: { name: model.info.name, file: path.basename(model.info.path), sha256: model.info.sha256, architecture: model.info.architecture, n_embd: model.info.nEmbd, n_layer: model.info.nLayer },
    emotions,
    files: Object.fromEntries(emotions.map((e) => [e, `${e}.gguf`])),
    layers: [layer],
    default_layer: layer,
    counts: Object.fromEntries(emotions.map((e) => [e, 0])),
    token_offset: 0,
    method: "synthetic",
    denoise: { variance_fraction: 0, components: {} },
    mean_residual_norms: { [String(layer)]: norms.get(layer)! },
    created_at: new Date().toISOString(),
  };
  const unit = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return Float32Array.from(v, (x) => x / n);
  };
  await writeVectorSet(dir, manifest, new Map(emotions.map((e) => [e, new Map([[layer, unit(vectors[e]!)]])])));
  if (baseline) {
    const stored: Baseline = { layer, tokens: 1, model_sha256: model.info.sha256, emotions: baseline };
    fs.writeFileSync(path.join(dir, `baseline-layer${layer}.json`), JSON.stringify(stored));
  }
  return dir;
}
