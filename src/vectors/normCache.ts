/**
 * Mean residual norms depend only on the model and the texts, so they are computed once and kept
 * in Limbic's cache folder (keyed by model sha256, texts and layer); importing vectors for a model
 * seen before costs no forward pass.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "../config.js";
import type { LanguageModel } from "../engine/languageModel.js";

function cacheFile(model: LanguageModel, texts: readonly string[]): string {
  const key = createHash("sha256").update(model.info.sha256).update("\0").update(JSON.stringify(texts)).digest("hex").slice(0, 32);
  return path.join(config.cacheDir, "norms", `${key}.json`);
}

function readCached(file: string): Record<string, number> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === "number" && Number.isFinite(v) && v > 0)) as Record<string, number>;
    }
  } catch {
    // absent or unreadable: recompute
  }
  return {};
}

/** Mean residual norm per layer over `texts`, from the cache where present. */
export async function cachedResidualNorms(model: LanguageModel, texts: readonly string[], layers: readonly number[]): Promise<Map<number, number>> {
  const file = cacheFile(model, texts);
  const cached = readCached(file);
  const missing = layers.filter((l) => cached[String(l)] === undefined);
  if (missing.length > 0) {
    const fresh = await model.residualNorms(texts, { layers: missing });
    for (const [layer, norm] of fresh) cached[String(layer)] = norm;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(cached));
      fs.renameSync(temp, file);
    } catch {
      // a read-only cache only costs the recomputation next time
    }
  }
  return new Map(layers.map((l) => [l, cached[String(l)]!]));
}
