/**
 * Test models: stories260K ships in testing/fixtures; larger ones (Gemma 3 270M, SmolLM2) are
 * fetched by `npm run fetch-models` into Limbic's cache, or found through LIMBIC_TEST_MODELS
 * (folders separated by ":").
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "node:test";
import { config } from "../src/config.js";

export const STORIES = "stories260K.gguf";
export const GEMMA = "gemma-3-270m-q4_k_m.gguf";
export const SMOLLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const FIXTURES = path.join(repoRoot, "testing", "fixtures");

/**
 * llama.cpp threads for test models (LIMBIC_TEST_THREADS, default 1). ggml's workers spin at every
 * barrier, so on a busy 2-core machine two threads can run 10-100x slower than one; the tiny
 * test models gain nothing from a second thread anyway. CLI processes the tests start inherit it
 * through LIMBIC_THREADS.
 */
export const TEST_THREADS = Number(process.env.LIMBIC_TEST_THREADS ?? 1);
process.env.LIMBIC_THREADS ??= String(TEST_THREADS);

function searchFolders(): string[] {
  const fromEnv = (process.env.LIMBIC_TEST_MODELS ?? "").split(path.delimiter).filter(Boolean);
  const modelCache = process.env.LIMBIC_MODEL_CACHE;
  return [FIXTURES, ...fromEnv, ...(modelCache ? [modelCache] : []), path.join(config.cacheDir, "models"), path.join(repoRoot, ".cache", "models")];
}

export function findModel(name: string): string | null {
  for (const folder of searchFolders()) {
    const candidate = path.join(folder, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** The tiny fixture ships with the repo: missing it is a failure, not a skip. */
export function requireModel(name: string): string {
  const found = findModel(name);
  if (!found) throw new Error(`Test model ${name} not found in LIMBIC_TEST_MODELS (${searchFolders().join(", ")}).`);
  return found;
}

/** Larger models are fetched by scripts/fetch-test-models.mjs; without one the test says why it skipped. */
export function optionalModel(t: TestContext, name: string): string | null {
  const found = findModel(name);
  if (!found)
    t.skip(`${name} is not in LIMBIC_TEST_MODELS; run "npm run fetch-models" to fetch it into the cache (or point LIMBIC_TEST_MODELS at a folder holding it).`);
  return found;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
