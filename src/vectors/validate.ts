/**
 * Validation of a vector set: held-out accuracy, geometry (similarity, clusters, PCA vs
 * valence), logit lens and numeric intensity templates, each beside a random-direction control.
 */
import fs from "node:fs";
import path from "node:path";
import type { Model } from "../engine/model.js";
import type { ValidationReport } from "../report/validationReport.js";
import { CORE_EMOTIONS } from "./data/emotions.js";
import { INTENSITY_TEMPLATES, renderIntensityPrompt } from "./data/intensity.js";
import { logitLens } from "./logitLens.js";
import { centeredCosine, confusionMatrix, cosine, dot, kmeans, pcaOfRows, pearson, randomUnitVectors, similarityOrder, spearman, topKAccuracy, valenceRatings } from "./stats.js";
import { ExtractionStore } from "./store.js";
import { assertCompatible, vectorFor, type VectorSet } from "./vectorSet.js";

export interface ValidateOptions {
  layer?: number;
  /** Emotions read on the intensity templates (those present in the set). */
  intensityEmotions?: readonly string[];
  logitLensTokens?: number;
  seed?: number;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function heldOutAccuracy(rows: { truth: number; mean: Float32Array }[], directions: Float32Array[], center: Float64Array | null) {
  const scores = rows.map((r) => directions.map((d) => (center ? centeredCosine(r.mean, d, center) : cosine(r.mean, d))));
  const truth = rows.map((r) => r.truth);
  return { scores, top1: topKAccuracy(scores, truth, 1), top5: topKAccuracy(scores, truth, 5) };
}

export async function validateVectorSet(model: Model, set: VectorSet, options: ValidateOptions = {}): Promise<ValidationReport> {
  assertCompatible(set, model);
  const layer = options.layer ?? set.manifest.default_layer;
  const emotions = set.manifest.emotions;
  const n = model.info.nEmbd;
  const directions = emotions.map((e) => vectorFor(set, e, layer));
  const random = randomUnitVectors(emotions.length, n, options.seed ?? 7);

  // Held-out stories, scored against every vector with the mean of the emotion means removed.
  let center: Float64Array | null = null;
  let heldOut: { truth: number; mean: Float32Array }[] = [];
  const storeFile = path.join(set.dir, "extraction.sqlite");
  if (fs.existsSync(storeFile)) {
    const store = new ExtractionStore(storeFile);
    try {
      const sums = store.emotionSums();
      center = new Float64Array(n);
      for (const e of emotions) {
        const s = sums.get(e)?.get(layer);
        if (!s) continue;
        for (let i = 0; i < n; i++) center[i] = center[i]! + s.sum[i]! / s.count / emotions.length;
      }
      heldOut = store.heldOutMeans(layer).filter((r) => emotions.includes(r.emotion)).map((r) => ({ truth: emotions.indexOf(r.emotion), mean: r.mean }));
    } finally {
      store.close();
    }
  }
  const real = heldOutAccuracy(heldOut, directions, center);
  const control = heldOutAccuracy(heldOut, random, center);

  const coreIndices = emotions.map((e, i) => [e, i] as const).filter(([e]) => CORE_EMOTIONS.includes(e));
  let confusionCore: ValidationReport["confusion_core"] = null;
  if (coreIndices.length >= 2) {
    const coreRows = heldOut.filter((r) => coreIndices.some(([, i]) => i === r.truth));
    const predicted = coreRows.map((r) => argmax(coreIndices.map(([, i]) => real.scores[heldOut.indexOf(r)]![i]!)));
    const truth = coreRows.map((r) => coreIndices.findIndex(([, i]) => i === r.truth));
    confusionCore = { emotions: coreIndices.map(([e]) => e), matrix: confusionMatrix(predicted, truth, coreIndices.length) };
  }

  const matrix = directions.map((a) => directions.map((b) => cosine(a, b)));
  const labels = kmeans(directions, Math.min(10, emotions.length), options.seed ?? 7);
  const pca = pcaOfRows(directions);
  const ratings = valenceRatings(emotions);
  const rated = emotions.map((e, i) => [i, ratings.get(e)] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  // A principal component's sign is arbitrary: orient PC1 so that it correlates positively with valence.
  let valenceR: number | null = null;
  let sign = 1;
  if (rated.length >= 3) {
    const r = pearson(rated.map(([i]) => pca.scores[i]![0]!), rated.map(([, v]) => v));
    sign = r < 0 ? -1 : 1;
    valenceR = Math.abs(r);
  }
  const randomPca = pcaOfRows(random);
  const valenceRandom = rated.length >= 3 ? Math.abs(pearson(rated.map(([i]) => randomPca.scores[i]![0]!), rated.map(([, v]) => v))) : null;

  const lens = await logitLens(model, directions, options.logitLensTokens ?? 10);
  const tokenText = (t: number) => model.tokenText(t, true);

  const wanted = (options.intensityEmotions ?? ["afraid", "calm", "desperate", "nervous"]).filter((e) => emotions.includes(e));
  const intensity: ValidationReport["intensity"] = [];
  for (const template of INTENSITY_TEMPLATES) {
    const prompts = template.values.map((v) => model.applyChatTemplate([{ role: "user", content: renderIntensityPrompt(template, v) }]).text);
    const reads = await model.forward(prompts, { layers: [layer], positions: "last" });
    const states = reads.map((r) => r.layers.get(layer)!);
    const rank = template.values.map((_, i) => i);
    const readouts: Record<string, number[]> = {};
    const spearmans: Record<string, number> = {};
    for (const emotion of wanted) {
      const v = vectorFor(set, emotion, layer);
      // Raw projection, as the monitor reads: the prompts differ in one number, so their states share a
      // large common part, and any norm-dividing readout would rank every direction by that part's norm.
      readouts[emotion] = states.map((h) => dot(h, v));
      spearmans[emotion] = spearman(rank, readouts[emotion]!);
    }
    const randomReadout = states.map((h) => dot(h, random[0]!));
    intensity.push({ id: template.id, description: template.description, values: [...template.values], readouts, spearman: spearmans, random_spearman: spearman(rank, randomReadout) });
  }

  return {
    model: { name: model.info.name, sha256: model.info.sha256 },
    layer,
    emotions,
    top1: real.top1,
    top5: real.top5,
    chance_top1: 1 / emotions.length,
    chance_top5: Math.min(1, 5 / emotions.length),
    random_control: { top1: control.top1, top5: control.top5 },
    heldout_count: heldOut.length,
    confusion_core: confusionCore,
    similarity: { order: similarityOrder(matrix), matrix },
    clusters: { k: Math.min(10, emotions.length), labels },
    pca: { explained: pca.explained, coords: pca.scores.map((s) => [sign * s[0]!, s[1] ?? 0] as [number, number]) },
    valence_r: valenceR,
    valence_n: rated.length,
    valence_random_r: valenceRandom,
    arousal_r: null,
    arousal_note: "Not computed: no published arousal rating set is available to Limbic under a licence that allows bundling it.",
    logit_lens: emotions.map((emotion, i) => ({ emotion, top: lens[i]!.top.map(tokenText), bottom: lens[i]!.bottom.map(tokenText) })),
    intensity,
  };
}
