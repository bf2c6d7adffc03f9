/**
 * What a set's extraction store holds for validation: every kept story's mean activation at a
 * layer (with its premise and whether the premise is held out) and the neutral moments.
 */
import fs from "node:fs";
import path from "node:path";
import type { NeutralMoments } from "../compute.js";
import { ExtractionStore } from "../store.js";
import type { VectorSet } from "../vectorSet.js";
import type { LabelledPoint } from "./heldOut.js";

export interface StoreData {
  points(layer: number): (LabelledPoint & { heldOut: boolean })[];
  neutral(layer: number): NeutralMoments | undefined;
}

/** The store beside a set, or null (imported sets, or a store from an older Limbic). */
export function openStoreData(set: VectorSet, nEmbd: number): { data: StoreData; close(): void } | null {
  const file = path.join(set.dir, "extraction.sqlite");
  if (!fs.existsSync(file)) return null;
  let store: ExtractionStore;
  try {
    store = new ExtractionStore(file);
  } catch {
    return null;
  }
  const stories = store.stories().filter((s) => !s.rejected && set.manifest.emotions.includes(s.emotion));
  return {
    data: {
      points: (layer) => {
        const means = store.storyMeans(layer, nEmbd);
        return stories.filter((s) => means.has(s.id)).map((s) => ({ emotion: s.emotion, premise: s.premiseIndex, heldOut: s.heldOut, mean: means.get(s.id)! }));
      },
      neutral: (layer) => store.neutral(layer),
    },
    close: () => store.close(),
  };
}
