/** What Limbic keeps in its cache folder, and clearing what can be recomputed. */
import fs from "node:fs";
import path from "node:path";
import { CACHE_KINDS, type CacheKind } from "./jsonCache.js";

export interface CacheUsage {
  name: string;
  description: string;
  /** Entries the current Limbic reads. */
  files: number;
  bytes: number;
  /** Entries of other format versions (or of the unversioned layout before them): never read, safe to clear. */
  staleFiles: number;
  staleBytes: number;
  /** Derived caches can be cleared; models and the runs store are listed only. */
  clearable: boolean;
}

function usage(target: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else if (stat.isFile()) (files += 1), (bytes += stat.size);
  };
  visit(target);
  return { files, bytes };
}

/** Paths of a kind's entries that the current version does not read (older versions, the unversioned layout). */
function stalePaths(kind: CacheKind, cacheDir: string): string[] {
  const dir = path.join(cacheDir, kind.name);
  const current = `v${kind.version}`;
  const inside =
    fs.existsSync(dir) && fs.statSync(dir).isDirectory()
      ? fs
          .readdirSync(dir)
          .filter((name) => name !== current)
          .map((name) => path.join(dir, name))
      : [];
  const legacy = legacyFile(kind, cacheDir);
  return fs.existsSync(legacy) ? [...inside, legacy] : inside;
}

/** Where a kind kept its data before caches were versioned (file-hashes.json). */
function legacyFile(kind: CacheKind, cacheDir: string): string {
  return path.join(cacheDir, `${kind.name}.json`);
}

export function listCaches(cacheDir: string): CacheUsage[] {
  const derived = Object.values(CACHE_KINDS).map((kind): CacheUsage => {
    const current = usage(path.join(cacheDir, kind.name, `v${kind.version}`));
    const stale = stalePaths(kind, cacheDir)
      .map(usage)
      .reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }), { files: 0, bytes: 0 });
    return {
      name: kind.name,
      description: `${kind.description} (format v${kind.version})`,
      files: current.files,
      bytes: current.bytes,
      staleFiles: stale.files,
      staleBytes: stale.bytes,
      clearable: true,
    };
  });
  const kept = [
    { name: "models", description: "downloaded and assembled model files (npm run fetch-models, hf: references)" },
    { name: "runs.sqlite", description: "the default sweep runs store (results: never cleared here)" },
  ].map((entry): CacheUsage => ({ ...entry, ...usage(path.join(cacheDir, entry.name)), staleFiles: 0, staleBytes: 0, clearable: false }));
  return [...derived, ...kept];
}

export function isDerivedCacheName(name: string): boolean {
  return Object.values(CACHE_KINDS).some((kind) => kind.name === name);
}

/** Removes derived caches (all, or the named ones): current entries too unless `staleOnly`. Returns what went. */
export function clearCaches(
  cacheDir: string,
  names: readonly string[] | "all",
  options: { staleOnly?: boolean } = {},
): { name: string; files: number; bytes: number }[] {
  const kinds = Object.values(CACHE_KINDS).filter((kind) => names === "all" || names.includes(kind.name));
  return kinds.map((kind) => {
    // Clearing a whole kind removes its folder (every version) and the file of the layout before versioning.
    const targets = options.staleOnly ? stalePaths(kind, cacheDir) : [path.join(cacheDir, kind.name), legacyFile(kind, cacheDir)];
    let files = 0;
    let bytes = 0;
    for (const target of targets) {
      const used = usage(target);
      fs.rmSync(target, { recursive: true, force: true });
      files += used.files;
      bytes += used.bytes;
    }
    return { name: kind.name, files, bytes };
  });
}
