/** sha256 of a model file, cached by path, size and mtime so large models hash once. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { config } from "../config.js";
import { CACHE_KINDS, readCacheEntry, writeCacheEntry } from "../util/jsonCache.js";

type HashCache = Record<string, { size: number; mtimeMs: number; sha256: string }>;

const isHashCache = (value: unknown): value is HashCache => value !== null && typeof value === "object" && !Array.isArray(value);

function readCache(): HashCache {
  return readCacheEntry(config.cacheDir, CACHE_KINDS.fileHashes, "index", isHashCache) ?? {};
}

export async function fileSha256(filePath: string): Promise<string> {
  const real = fs.realpathSync(filePath);
  const stat = fs.statSync(real);
  const cache = readCache();
  const hit = cache[real];
  if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.sha256;
  const hash = createHash("sha256");
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(real)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve())
      .on("error", reject);
  });
  const sha256 = hash.digest("hex");
  const fresh = readCache();
  fresh[real] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
  writeCacheEntry(config.cacheDir, CACHE_KINDS.fileHashes, "index", fresh); // an unwritable cache only costs hashing again
  return sha256;
}
