import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { clearCaches, listCaches } from "../src/util/cacheInventory.js";
import { CACHE_KINDS, cacheKindDir, readCacheEntry, writeCacheEntry } from "../src/util/jsonCache.js";
import { assertOneLineError, runCli } from "../testing/cliProcess.js";

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number");

function withCacheDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cache-"));
  const before = process.env.LIMBIC_CACHE_DIR;
  process.env.LIMBIC_CACHE_DIR = dir;
  try {
    return fn(dir);
  } finally {
    if (before === undefined) delete process.env.LIMBIC_CACHE_DIR;
    else process.env.LIMBIC_CACHE_DIR = before;
  }
}

describe("versioned caches", () => {
  it("reads back what it wrote, and ignores entries of another format version or shape", () =>
    withCacheDir((dir) => {
      writeCacheEntry(dir, CACHE_KINDS.norms, "abc", [1, 2, 3]);
      assert.deepEqual(readCacheEntry(dir, CACHE_KINDS.norms, "abc", isNumbers), [1, 2, 3]);
      assert.equal(readCacheEntry(dir, CACHE_KINDS.norms, "absent", isNumbers), undefined);
      writeCacheEntry(dir, CACHE_KINDS.norms, "shape", { not: "numbers" });
      assert.equal(readCacheEntry(dir, CACHE_KINDS.norms, "shape", isNumbers), undefined);
      // An entry written by a different format version is never read.
      const older = { ...CACHE_KINDS.norms, version: CACHE_KINDS.norms.version + 1 };
      writeCacheEntry(dir, older, "other", [9]);
      assert.equal(readCacheEntry(dir, CACHE_KINDS.norms, "other", isNumbers), undefined);
      assert.ok(fs.existsSync(path.join(cacheKindDir(dir, older), "other.json")));
      assert.throws(() => writeCacheEntry(dir, CACHE_KINDS.norms, "../escape", [1]), /not a plain file name/);
    }));

  it("lists current and stale entries, clears stale ones alone or everything derived, and keeps models and runs", () =>
    withCacheDir((dir) => {
      writeCacheEntry(dir, CACHE_KINDS.norms, "a", [1]);
      writeCacheEntry(dir, CACHE_KINDS.baselines, "b", { mean: [0], spread: {} });
      fs.mkdirSync(path.join(dir, "norms", "v0"), { recursive: true });
      fs.writeFileSync(path.join(dir, "norms", "v0", "old.json"), "[1]");
      fs.writeFileSync(path.join(dir, "file-hashes.json"), "{}"); // the layout before versioning
      fs.mkdirSync(path.join(dir, "models"));
      fs.writeFileSync(path.join(dir, "models", "m.gguf"), "GGUF");
      fs.writeFileSync(path.join(dir, "runs.sqlite"), "runs");
      const byName = () => Object.fromEntries(listCaches(dir).map((c) => [c.name, c]));
      let caches = byName();
      assert.equal(caches.norms!.files, 1);
      assert.equal(caches.norms!.staleFiles, 1);
      assert.equal(caches["file-hashes"]!.staleFiles, 1);
      assert.equal(caches.models!.files, 1);
      assert.equal(caches.models!.clearable, false);

      clearCaches(dir, "all", { staleOnly: true });
      caches = byName();
      assert.equal(caches.norms!.files, 1, "current entries stay with --stale");
      assert.equal(caches.norms!.staleFiles + caches["file-hashes"]!.staleFiles, 0);

      const cleared = clearCaches(dir, ["norms"]);
      assert.deepEqual(
        cleared.map((c) => [c.name, c.files]),
        [["norms", 1]],
      );
      assert.equal(readCacheEntry(dir, CACHE_KINDS.norms, "a", isNumbers), undefined);
      assert.ok(
        readCacheEntry(dir, CACHE_KINDS.baselines, "b", (v): v is object => typeof v === "object"),
        "other caches untouched",
      );
      clearCaches(dir, "all");
      assert.ok(fs.existsSync(path.join(dir, "models", "m.gguf")) && fs.existsSync(path.join(dir, "runs.sqlite")), "models and runs are never cleared");
    }));

  it("limbic cache ls and clear work from the command line and refuse to clear models", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-cache-cli-"));
    const env = { ...process.env, LIMBIC_CACHE_DIR: dir };
    fs.mkdirSync(path.join(dir, "norms", "v1"), { recursive: true });
    fs.writeFileSync(path.join(dir, "norms", "v1", "k.json"), "{}");
    const listed = await runCli(["cache", "ls", "--json"], { env });
    assert.equal(listed.code, 0, listed.stderr);
    const parsed = JSON.parse(listed.stdout) as { caches: { name: string; files: number }[] };
    assert.equal(parsed.caches.find((c) => c.name === "norms")!.files, 1);
    const cleared = await runCli(["cache", "clear", "norms"], { env });
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stdout, /norms: removed 1 files/);
    assertOneLineError(await runCli(["cache", "clear", "models"], { env }), "cache", "INVALID_ARGUMENT");
  });
});
