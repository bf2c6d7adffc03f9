/**
 * Test models are found through LIMBIC_TEST_MODELS: a list of folders (":"-separated)
 * that .ci/run points at ../shared/models and the fetch-test-models cache.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "node:test";
import { config } from "../src/config.js";

export const STORIES = "stories260K.gguf";
export const TINY_RANDOM = "llama-2-tiny-random.gguf";
export const GEMMA = "gemma-3-270m-q4_k_m.gguf";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function searchFolders(): string[] {
  const fromEnv = (process.env.LIMBIC_TEST_MODELS ?? "").split(path.delimiter).filter(Boolean);
  // Fallbacks for a developer checkout: ../shared/models beside the repo, and the default cache.
  return [...fromEnv, path.join(repoRoot, "..", "shared", "models"), path.join(config.cacheDir, "models"), path.join(repoRoot, ".cache", "models")];
}

export function findModel(name: string): string | null {
  for (const folder of searchFolders()) {
    const candidate = path.join(folder, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** The tiny models ship with the project's shared folder: missing them is a failure, not a skip. */
export function requireModel(name: string): string {
  const found = findModel(name);
  if (!found) throw new Error(`Test model ${name} not found in LIMBIC_TEST_MODELS (${searchFolders().join(", ")}).`);
  return found;
}

/** Larger models are fetched by scripts/fetch-test-models.mjs; without one the test says why it skipped. */
export function optionalModel(t: TestContext, name: string): string | null {
  const found = findModel(name);
  if (!found) t.skip(`${name} is not in LIMBIC_TEST_MODELS; run "npm run fetch-models" and set LIMBIC_TEST_MODELS to the printed folder.`);
  return found;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
