/**
 * openReader: the one way to read emotions from activations. It applies the single readout
 * (readout.ts) with the set's μ and σ at a layer. A set read by another model file than its own
 * (allowed for the same architecture) gets μ and σ measured for that model and kept in Limbic's
 * cache, keyed by set, model sha256 and layer; a reader never writes into a vector set.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { config } from "../config.js";
import { CACHE_KINDS, readCacheEntry, writeCacheEntry } from "../util/jsonCache.js";
import { InvalidInputError, type LimbicError } from "../errors.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { measureNeutralReadout } from "./neutral.js";
import { readRow, type Readout, type ReadoutBasis } from "./readout.js";
import { assertCompatible, vectorFor, type VectorSet } from "./vectorSet.js";

export type { Readout } from "./readout.js";

export interface ReaderOptions {
  /** Defaults to the set's reading layer. */
  layer?: number;
  /** Defaults to every emotion of the set. */
  emotions?: readonly string[];
}

export class EmotionReader {
  constructor(readonly basis: ReadoutBasis) {}

  get emotions(): readonly string[] {
    return this.basis.emotions;
  }

  get layer(): number {
    return this.basis.layer;
  }

  /** Score, z and (display only) cosine for every emotion, from `row[offset .. offset + n)`. */
  read(row: ArrayLike<number>, offset = 0): Readout[] {
    return readRow(this.basis, row, offset);
  }

  /** A reader for some of this reader's emotions (no I/O). */
  select(emotions: readonly string[]): EmotionReader {
    const index = emotions.map((e) => {
      const i = this.basis.emotions.indexOf(e);
      if (i < 0)
        throw new InvalidInputError("INVALID_ARGUMENT", `This reader has no emotion "${e}"; it reads ${this.basis.emotions.slice(0, 20).join(", ")}.`, {
          emotion: e,
        });
      return i;
    });
    return new EmotionReader({
      ...this.basis,
      emotions: [...emotions],
      vectors: index.map((i) => this.basis.vectors[i]!),
      spread: index.map((i) => this.basis.spread[i]!),
    });
  }
}

/** The error a set without μ (made before the single readout) gives, naming the command that adds it. */
export function upgradeNeeded(set: VectorSet): LimbicError {
  return new InvalidInputError(
    "INVALID_ARGUMENT",
    `Vector set ${set.dir} was made by an older Limbic and lacks the neutral mean (μ) and spread (σ) its readings need. Add them with: limbic vectors upgrade <model.gguf> ${set.dir}`,
    { dir: set.dir },
  );
}

interface CachedStats {
  mean: number[];
  spread: Record<string, number>;
}

function cacheKey(set: VectorSet, model: LanguageModel, layer: number): string {
  return createHash("sha256")
    .update(path.resolve(set.dir))
    .update("\0")
    .update(set.manifest.created_at)
    .update("\0")
    .update(model.info.sha256)
    .update("\0")
    .update(String(layer))
    .digest("hex")
    .slice(0, 32);
}

function isCachedStats(value: unknown): value is CachedStats {
  const v = value as CachedStats | null;
  return v !== null && typeof v === "object" && Array.isArray(v.mean) && v.spread !== null && typeof v.spread === "object";
}

/** μ and σ for a model other than the set's own, measured once and cached. */
async function statsForOtherModel(model: LanguageModel, set: VectorSet, layer: number): Promise<CachedStats> {
  const key = cacheKey(set, model, layer);
  const cached = readCacheEntry(config.cacheDir, CACHE_KINDS.baselines, key, isCachedStats);
  if (cached && cached.mean.length === model.info.nEmbd && set.manifest.emotions.every((e) => typeof cached.spread[e] === "number")) return cached;
  const byLayer = new Map(set.manifest.emotions.map((e) => [e, new Map([[layer, vectorFor(set, e, layer)]])]));
  const measured = await measureNeutralReadout(model, byLayer, [layer]);
  const stats: CachedStats = {
    mean: Array.from(measured.mean.get(layer)!),
    spread: Object.fromEntries(set.manifest.emotions.map((e) => [e, measured.spread[e]![String(layer)]!])),
  };
  writeCacheEntry(config.cacheDir, CACHE_KINDS.baselines, key, stats);
  return stats;
}

export async function openReader(model: LanguageModel, set: VectorSet, options: ReaderOptions = {}): Promise<EmotionReader> {
  assertCompatible(set, model, { allowOtherHash: true });
  const layer = options.layer ?? set.manifest.default_layer;
  const emotions = [...(options.emotions ?? set.manifest.emotions)];
  const vectors = emotions.map((e) => vectorFor(set, e, layer));
  let mean: Float32Array;
  let spread: number[];
  if (set.manifest.model.sha256 && set.manifest.model.sha256 !== model.info.sha256) {
    const stats = await statsForOtherModel(model, set, layer);
    mean = Float32Array.from(stats.mean);
    spread = emotions.map((e) => stats.spread[e]!);
  } else {
    const stored = set.manifest.readout;
    const mu = set.neutralMean.get(layer);
    if (!stored || !mu) throw upgradeNeeded(set);
    spread = emotions.map((e) => {
      const s = stored.spread[e]?.[String(layer)];
      if (s === undefined) throw upgradeNeeded(set);
      return s;
    });
    mean = mu;
  }
  return new EmotionReader({ layer, emotions, vectors, mean, spread });
}
