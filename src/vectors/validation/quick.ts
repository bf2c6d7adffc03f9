/**
 * The quick validation the demo runs: held-out top-1 (with its permutation p and random
 * directions) and the premise confound, from the stories the extraction store already holds.
 * No forward passes beyond opening the reader, so it takes seconds, not the full validation's minutes.
 */
import type { LanguageModel } from "../../engine/languageModel.js";
import { openReader } from "../reader.js";
import { assertCompatible, type VectorSet } from "../vectorSet.js";
import { premiseConfound } from "./confound.js";
import { heldOutResults } from "./heldOut.js";
import { openStoreData } from "./storeData.js";
import type { ConfoundResult, HeldOutResult } from "./types.js";

export interface QuickValidation {
  layer: number;
  /** Held-out results over every emotion of the set; null when the set has no extraction store. */
  heldOut: HeldOutResult | null;
  confound: ConfoundResult | null;
  /** Why heldOut is null, in words. */
  unavailable?: string;
}

export async function quickValidation(model: LanguageModel, set: VectorSet, options: { seed?: number } = {}): Promise<QuickValidation> {
  assertCompatible(set, model);
  const layer = set.manifest.default_layer;
  const opened = openStoreData(set, model.info.nEmbd);
  if (!opened)
    return {
      layer,
      heldOut: null,
      confound: null,
      unavailable: "the set has no extraction store beside it (imported vectors, or a set made by an older Limbic)",
    };
  try {
    const reader = await openReader(model, set, { layer });
    const points = opened.data.points(layer);
    const results = heldOutResults(
      reader,
      points.filter((p) => p.heldOut),
      opened.data.neutral(layer),
      set.manifest.denoise.variance_fraction,
      options.seed ?? 7,
    );
    const heldOut = results.find((h) => h.scope === "all") ?? null;
    if (!heldOut)
      return { layer, heldOut: null, confound: null, unavailable: "the extraction held out no stories (too few stories per emotion to hold a premise out)" };
    const confound = heldOut ? premiseConfound(reader, points, heldOut.top1.interval.rate) : null;
    return { layer, heldOut, confound };
  } finally {
    opened.close();
  }
}
