/**
 * The vector sets a server offers, loaded once at start-up from `--vectors <dir>` (one set,
 * or a folder of sets) and addressed by folder name only: a request can never name a path.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { LimbicError, readError, ResourceError } from "../errors.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { openReader, type EmotionReader } from "../vectors/reader.js";
import { CORE_EMOTIONS } from "../vectors/data/emotions.js";
import { cosine, pcaOfRows, pearson, valenceRatings } from "../vectors/stats.js";
import { assertCompatible, readVectorSet, vectorFor, type VectorSet } from "../vectors/vectorSet.js";
import { invalidField, notFound } from "./httpError.js";
import type { ValidationReport } from "../vectors/validation/types.js";
import type { VectorSetInfoWire, VectorSetSummaryWire } from "./wire.js";

export interface ServedVectorSet {
  name: string;
  set: VectorSet;
  /** Reads every emotion of the set at its reading layer. */
  reader: EmotionReader;
}

export type { VectorSetSummaryWire as VectorSetSummary } from "./wire.js";

/** Most emotions the similarity matrix shows (core emotions first). */
const SIMILARITY_LIMIT = 40;

/** A name a request may use: a plain folder name, never anything path-like. */
export function assertSetName(name: unknown, param: string): string {
  if (typeof name !== "string" || name.length === 0 || name.length > 200)
    throw invalidField(param, `${param} must be the name of a vector set (a non-empty string).`);
  if (name.includes("/") || name.includes("\\") || name.includes("..") || name.includes("\0")) {
    throw invalidField(
      param,
      `${param} "${name}" looks like a path; vector sets are chosen by name (GET /api/vector-sets lists them).`,
      "invalid_vector_set_name",
    );
  }
  return name;
}

async function isVectorSetFolder(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(path.join(dir, "manifest.json"))).isFile();
  } catch {
    return false;
  }
}

export class VectorSetRegistry {
  private readonly summaries = new Map<string, VectorSetSummaryWire>();

  private constructor(private readonly sets: Map<string, ServedVectorSet>) {}

  static empty(): VectorSetRegistry {
    return new VectorSetRegistry(new Map());
  }

  /**
   * Loads `dir` (a set, or a folder of sets) and opens each set's reader now, so that
   * no request pays for it. In a folder of sets, those made for another model width are skipped.
   */
  static async load(dir: string, model: LanguageModel, log: (line: string) => void = () => undefined): Promise<VectorSetRegistry> {
    const sets = new Map<string, ServedVectorSet>();
    const add = async (folder: string) => {
      const set = await readVectorSet(folder);
      assertCompatible(set, model, { allowOtherHash: true });
      const reader = await openReader(model, set);
      sets.set(path.basename(path.resolve(folder)), { name: path.basename(path.resolve(folder)), set, reader });
    };
    if (await isVectorSetFolder(dir)) {
      await add(dir);
      return new VectorSetRegistry(sets);
    }
    let entries: string[];
    try {
      entries = (await fs.readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      throw readError(error, `Cannot read vector folder ${dir}: ${(error as Error).message}`, { dir });
    }
    for (const entry of entries) {
      const folder = path.join(dir, entry);
      if (!(await isVectorSetFolder(folder))) continue;
      try {
        await add(folder);
      } catch (error) {
        if (!(error instanceof LimbicError)) throw error;
        log(`skipping vector set ${entry}: ${error.message}`);
      }
    }
    if (sets.size === 0)
      throw new ResourceError(
        "NOT_FOUND",
        `${dir} holds no vector set for this model (a set is a folder with manifest.json). Create one with "limbic extract".`,
        { dir },
      );
    return new VectorSetRegistry(sets);
  }

  get names(): string[] {
    return [...this.sets.keys()];
  }

  get size(): number {
    return this.sets.size;
  }

  /** The named set, or the default (the first) one; `param` names the request field for errors. */
  get(name: unknown, param: string): ServedVectorSet {
    if (this.sets.size === 0)
      throw invalidField(param, "This server has no vector sets; start it with --vectors <dir> to steer or read emotions.", "no_vector_sets");
    if (name === undefined || name === null) return this.sets.values().next().value!;
    const wanted = assertSetName(name, param);
    const found = this.sets.get(wanted);
    if (!found) throw notFound(`No vector set named "${wanted}". This server has: ${this.names.join(", ")}.`, { code: "vector_set_not_found", param });
    return found;
  }

  /** Emotions listed in a request, checked against the set (errors name the field and the set). */
  checkEmotions(served: ServedVectorSet, emotions: readonly string[], param: string): void {
    const unknown = emotions.filter((e) => !served.set.manifest.emotions.includes(e));
    if (unknown.length) {
      const known = served.set.manifest.emotions;
      throw invalidField(
        param,
        `Vector set "${served.name}" has no ${unknown.map((e) => `"${e}"`).join(", ")}. It has: ${known.slice(0, 30).join(", ")}${known.length > 30 ? ", …" : ""}.`,
        "unknown_emotion",
      );
    }
  }

  list(): VectorSetInfoWire[] {
    return [...this.sets.values()].map(({ name, set }) => ({
      name,
      model_name: set.manifest.model.name,
      layers: set.manifest.layers,
      default_layer: set.manifest.default_layer,
      emotions: set.manifest.emotions.length,
    }));
  }

  /** PCA plane, similarity matrix and stored validation numbers of one set (computed once). */
  async summary(name: string): Promise<VectorSetSummaryWire> {
    const served = this.get(name, "name");
    const cached = this.summaries.get(served.name);
    if (cached) return cached;
    const { set } = served;
    const emotions = set.manifest.emotions;
    const layer = set.manifest.default_layer;
    const directions = emotions.map((e) => vectorFor(set, e, layer));
    const pca = pcaOfRows(directions);
    // A component's sign is arbitrary: orient PC1 with valence where enough emotions are rated (as validation does).
    const ratings = valenceRatings(emotions);
    const rated = emotions.map((e, i) => [i, ratings.get(e)] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
    const sign =
      rated.length >= 3 &&
      pearson(
        rated.map(([i]) => pca.scores[i]?.[0] ?? 0),
        rated.map(([, v]) => v),
      ) < 0
        ? -1
        : 1;
    const shown = [...CORE_EMOTIONS.filter((e) => emotions.includes(e)), ...emotions.filter((e) => !CORE_EMOTIONS.includes(e))].slice(0, SIMILARITY_LIMIT);
    const shownVectors = shown.map((e) => vectorFor(set, e, layer));
    const summary: VectorSetSummaryWire = {
      manifest: set.manifest,
      pca: emotions.map((emotion, i) => ({ emotion, pc1: sign * (pca.scores[i]?.[0] ?? 0), pc2: pca.scores[i]?.[1] ?? 0 })),
      explained: [pca.explained[0] ?? 0, pca.explained[1] ?? 0],
      similarity: { emotions: shown, matrix: shownVectors.map((a) => shownVectors.map((b) => cosine(a, b))) },
      validation: await readValidation(set.dir),
    };
    this.summaries.set(served.name, summary);
    return summary;
  }
}

async function readValidation(dir: string): Promise<ValidationReport | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, "validation.json"), "utf8");
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as ValidationReport;
  } catch {
    return null;
  }
}
