/** sha256 of a model file, cached by path, size and mtime so large models hash once. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "../config.js";

type HashCache = Record<string, { size: number; mtimeMs: number; sha256: string }>;

function cachePath(): string {
  return path.join(config.cacheDir, "file-hashes.json");
}

function readCache(): HashCache {
  try {
    return JSON.parse(fs.readFileSync(cachePath(), "utf8")) as HashCache;
  } catch {
    return {};
  }
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
  try {
    const fresh = readCache();
    fresh[real] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
    fs.mkdirSync(path.dirname(cachePath()), { recursive: true });
    const temp = `${cachePath()}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(fresh));
    fs.renameSync(temp, cachePath());
  } catch {
    // The cache is an optimisation; a read-only home folder must not break loading.
  }
  return sha256;
}
