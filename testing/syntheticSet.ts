/** A hand-made vector set for a loaded model: known unit vectors and, when given, a known μ and σ, so expected readouts are known. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadModel, type LanguageModel } from "../src/index.js";
import { measureNeutralReadout } from "../src/vectors/neutral.js";
import { NEUTRAL_FILE, writeVectorSet, type VectorSetManifest } from "../src/vectors/vectorSet.js";
import { STORIES, requireModel, TEST_THREADS } from "./models.js";

export interface SyntheticReadout {
  /** μ at the layer (default: measured on the neutral set). "zero" makes the score the raw projection h·v. */
  mean?: Float32Array | "zero";
  /** σ per emotion (default: measured on the neutral set). */
  spread?: Record<string, number>;
}

export async function syntheticVectorSet(
  model: LanguageModel,
  vectors: Record<string, Float32Array>,
  layer: number,
  readout: SyntheticReadout = {},
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-synthetic-"));
  const emotions = Object.keys(vectors);
  const unit = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return Float32Array.from(v, (x) => x / n);
  };
  const byEmotion = new Map(emotions.map((e) => [e, new Map([[layer, unit(vectors[e]!)]])]));
  const measured = readout.mean && readout.spread ? null : await measureNeutralReadout(model, byEmotion, [layer]);
  const mean = readout.mean === "zero" ? new Float32Array(model.info.nEmbd) : (readout.mean ?? measured!.mean.get(layer)!);
  const spread = Object.fromEntries(emotions.map((e) => [e, { [String(layer)]: readout.spread?.[e] ?? measured!.spread[e]![String(layer)]! }]));
  const norms = await model.residualNorms(["Once upon a time there was a girl.", "The dog ran to the park."], { layers: [layer] });
  const manifest: VectorSetManifest = {
    format: "limbic-vector-set",
    version: 2,
    limbic_version: "test",
    model: {
      name: model.info.name,
      file: path.basename(model.info.path),
      sha256: model.info.sha256,
      architecture: model.info.architecture,
      n_embd: model.info.nEmbd,
      n_layer: model.info.nLayer,
    },
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
    readout: { neutral_file: NEUTRAL_FILE, neutral_tokens: measured?.tokens ?? 0, spread },
  };
  await writeVectorSet(dir, manifest, byEmotion, new Map([[layer, mean]]));
  return dir;
}

/** A desperate/calm set at layer 3 of the stories260K fixture, for tests that drive the CLI with a set. */
export async function storiesDesperateCalmSet(): Promise<string> {
  const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
  try {
    return await syntheticVectorSet(
      model,
      { desperate: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j)), calm: Float32Array.from({ length: 64 }, (_, j) => Math.cos(j)) },
      3,
    );
  } finally {
    await model.dispose();
  }
}
