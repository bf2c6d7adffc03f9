/**
 * Limbic's derived caches (values recomputable from a model and inputs), one scheme for all:
 * `<cacheDir>/<kind>/v<version>/<key>.json` (cacheDir: `config.cacheDir`), written atomically. Bumping a kind's version makes
 * every older entry invisible (a format change never reads stale data); `limbic cache ls|clear`
 * sees and removes them.
 */
import fs from "node:fs";
import path from "node:path";

export interface CacheKind {
  /** Folder name under the cache directory. */
  readonly name: string;
  /** Format version; entries of other versions are ignored. */
  readonly version: number;
  readonly description: string;
}

export const CACHE_KINDS = {
  norms: { name: "norms", version: 1, description: "mean residual norms per model, texts and layer" },
  baselines: { name: "baselines", version: 1, description: "neutral readout mean and spread of a vector set on another model" },
  fileHashes: { name: "file-hashes", version: 1, description: "sha256 of model files, by path, size and mtime" },
} as const satisfies Record<string, CacheKind>;

export function cacheKindDir(cacheDir: string, kind: CacheKind): string {
  return path.join(cacheDir, kind.name, `v${kind.version}`);
}

function entryFile(cacheDir: string, kind: CacheKind, key: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(key)) throw new Error(`cache key ${JSON.stringify(key)} is not a plain file name`);
  return path.join(cacheKindDir(cacheDir, kind), `${key}.json`);
}

/** The cached value, or undefined when absent, unreadable or not what `accept` expects. */
export function readCacheEntry<T>(cacheDir: string, kind: CacheKind, key: string, accept: (value: unknown) => value is T): T | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(entryFile(cacheDir, kind, key), "utf8")) as unknown;
    return accept(value) ? value : undefined;
  } catch {
    return undefined; // absent or damaged: the caller recomputes
  }
}

/** Stores a value atomically; a read-only cache folder only costs a recomputation next time. */
export function writeCacheEntry(cacheDir: string, kind: CacheKind, key: string, value: unknown): void {
  const file = entryFile(cacheDir, kind, key);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, JSON.stringify(value));
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
