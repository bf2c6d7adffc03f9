/**
 * Validation of a vector set, as the paper did it and with the controls it lacked: held-out
 * premises (intervals, a permutation null, random directions), the premise confound, a layer
 * sweep chosen on training data only, implicit scenarios and an optional hand-written corpus,
 * valence geometry against human ratings, a sentiment ceiling, intensity templates and the logit
 * lens. Every reading goes through the one readout (readout.ts).
 */
import { localWeightsFile, type LanguageModel } from "../engine/languageModel.js";
import { IMPLICIT_SCENARIOS } from "./data/implicitScenarios.js";
import { logitLens } from "./logitLens.js";
import { openReader, type EmotionReader } from "./reader.js";
import { premiseConfound } from "./validation/confound.js";
import { geometry } from "./validation/geometry.js";
import { heldOutResults, heldOutTop1 } from "./validation/heldOut.js";
import { intensityTemplates } from "./validation/intensity.js";
import { sentimentCheck } from "./validation/sentiment.js";
import { openStoreData, type StoreData } from "./validation/storeData.js";
import { readLabelledTexts, type LabelledText } from "./validation/textReadings.js";
import type { LayerSweepRow, ValidationReport } from "./validation/types.js";
import { assertCompatible, vectorFor, type VectorSet } from "./vectorSet.js";

export type * from "./validation/types.js";
export { readCorpusFile } from "./validation/textReadings.js";

export interface ValidateOptions {
  layer?: number;
  /** A hand-written corpus ({emotion, text} per item) to read; every emotion must be in the set. */
  corpus?: { source: string; items: readonly LabelledText[] };
  /** Emotions read on the intensity templates (those present in the set). */
  intensityEmotions?: readonly string[];
  logitLensTokens?: number;
  seed?: number;
}

async function layerSweep(model: LanguageModel, set: VectorSet, store: StoreData | null): Promise<LayerSweepRow[]> {
  const training = set.manifest.layer_sweep?.accuracy ?? {};
  const rows: LayerSweepRow[] = [];
  for (const layer of set.manifest.layers) {
    let heldOut: number | null = null;
    if (store)
      heldOut = heldOutTop1(
        await openReader(model, set, { layer }),
        store.points(layer).filter((p) => p.heldOut),
      );
    rows.push({ layer, training: training[String(layer)] ?? null, heldOut });
  }
  return rows;
}

async function textTests(model: LanguageModel, reader: EmotionReader, options: ValidateOptions): Promise<Pick<ValidationReport, "implicit" | "corpus">> {
  const scenarios = IMPLICIT_SCENARIOS.filter((s) => reader.emotions.includes(s.emotion));
  const implicit =
    new Set(scenarios.map((s) => s.emotion)).size >= 2 ? await readLabelledTexts(model, reader, scenarios, "reply-start", "built-in implicit scenarios") : null;
  const corpus = options.corpus ? await readLabelledTexts(model, reader, options.corpus.items, "text-mean", options.corpus.source) : null;
  return { implicit, corpus };
}

export async function validateVectorSet(model: LanguageModel, set: VectorSet, options: ValidateOptions = {}): Promise<ValidationReport> {
  assertCompatible(set, model);
  const layer = options.layer ?? set.manifest.default_layer;
  const reader = await openReader(model, set, { layer });
  const emotions = set.manifest.emotions;
  const denoise = set.manifest.denoise.variance_fraction;
  const opened = openStoreData(set, model.info.nEmbd);
  try {
    const store = opened?.data ?? null;
    const points = store ? store.points(layer) : [];
    const neutral = store?.neutral(layer);
    const heldOut = store
      ? heldOutResults(
          reader,
          points.filter((p) => p.heldOut),
          neutral,
          denoise,
          options.seed ?? 7,
        )
      : [];
    const emotionTop1 = heldOut.find((h) => h.scope === "all")?.top1.interval.rate ?? NaN;
    const directions = emotions.map((e) => vectorFor(set, e, layer));
    const shape = geometry(emotions, directions, neutral, denoise, options.seed ?? 7);
    // The lens reads the unembedding from the local GGUF; a vLLM server's weights are out of reach.
    const lens = localWeightsFile(model) === null ? [] : await logitLens(model, directions, options.logitLensTokens ?? 10);
    const tokenTexts = (tokens: number[]) => Promise.all(tokens.map((t) => model.tokenText(t, true)));
    return {
      format: "limbic-validation",
      version: 2,
      model: { name: model.info.name, sha256: model.info.sha256 },
      vector_set: set.dir,
      layer,
      readout: "z = (h − μ_L)·v_L / σ, μ_L the neutral mean, σ the neutral spread of the score",
      emotions,
      layerSweep: await layerSweep(model, set, store),
      heldOut,
      confound: store ? premiseConfound(reader, points, emotionTop1) : null,
      ...(await textTests(model, reader, options)),
      geometry: shape,
      sentiment: await sentimentCheck(model, reader, shape.pc1Orientation),
      intensity: await intensityTemplates(model, reader, options.intensityEmotions ?? ["afraid", "calm", "desperate", "nervous"], options.seed ?? 7),
      logitLens: await Promise.all(lens.map(async (l, i) => ({ emotion: emotions[i]!, top: await tokenTexts(l.top), bottom: await tokenTexts(l.bottom) }))),
    };
  } finally {
    opened?.close();
  }
}
