/**
 * Mean residual norms depend only on the model and the texts, so they are computed once and kept
 * in Limbic's cache folder (keyed by model sha256, texts and layer); importing vectors for a model
 * seen before costs no forward pass.
 */
import { createHash } from "node:crypto";
import type { LanguageModel } from "../engine/languageModel.js";
import { config } from "../config.js";
import { CACHE_KINDS, readCacheEntry, writeCacheEntry } from "../util/jsonCache.js";

function cacheKey(model: LanguageModel, texts: readonly string[]): string {
  return createHash("sha256").update(model.info.sha256).update("\0").update(JSON.stringify(texts)).digest("hex").slice(0, 32);
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function readCached(key: string): Record<string, number> {
  const parsed = readCacheEntry(config.cacheDir, CACHE_KINDS.norms, key, isRecord) ?? {};
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === "number" && Number.isFinite(v) && v > 0)) as Record<string, number>;
}

/** Mean residual norm per layer over `texts`, from the cache where present. */
export async function cachedResidualNorms(model: LanguageModel, texts: readonly string[], layers: readonly number[]): Promise<Map<number, number>> {
  const key = cacheKey(model, texts);
  const cached = readCached(key);
  const missing = layers.filter((l) => cached[String(l)] === undefined);
  if (missing.length > 0) {
    const fresh = await model.residualNorms(texts, { layers: missing });
    for (const [layer, norm] of fresh) cached[String(layer)] = norm;
    writeCacheEntry(config.cacheDir, CACHE_KINDS.norms, key, cached);
  }
  return new Map(layers.map((l) => [l, cached[String(l)]!]));
}
