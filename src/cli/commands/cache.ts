import { Command } from "commander";
import { config } from "../../config.js";
import { InvalidInputError } from "../../errors.js";
import { CACHE_KINDS } from "../../util/jsonCache.js";
import { clearCaches, isDerivedCacheName, listCaches } from "../../util/cacheInventory.js";

const size = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);
const derivedNames = Object.values(CACHE_KINDS).map((kind) => kind.name);

export function cacheCommand(): Command {
  const cache = new Command("cache").description(
    `What Limbic keeps in its cache folder (LIMBIC_CACHE_DIR, now ${config.cacheDir}), and clearing what can be recomputed`,
  );
  cache
    .command("ls")
    .description("List each cache with its files and size, and entries of older formats that are no longer read")
    .option("--json", "print JSON")
    .action((flags: { json?: boolean }) => {
      const rows = listCaches(config.cacheDir);
      if (flags.json) {
        process.stdout.write(
          JSON.stringify(
            {
              cache_dir: config.cacheDir,
              caches: rows.map((r) => ({
                name: r.name,
                description: r.description,
                files: r.files,
                bytes: r.bytes,
                stale_files: r.staleFiles,
                stale_bytes: r.staleBytes,
                clearable: r.clearable,
              })),
            },
            null,
            2,
          ) + "\n",
        );
        return;
      }
      process.stdout.write(`cache folder: ${config.cacheDir}\n`);
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const r of rows) {
        const stale = r.staleFiles > 0 ? `; ${r.staleFiles} stale (${size(r.staleBytes)}, older format)` : "";
        process.stdout.write(
          `${r.name.padEnd(width)}  ${String(r.files).padStart(5)} files ${size(r.bytes).padStart(10)}${stale}  ${r.description}${r.clearable ? "" : " [kept]"}\n`,
        );
      }
    });
  cache
    .command("clear")
    .description(`Remove derived caches (${derivedNames.join(", ")}); they are recomputed when next needed. Models and the runs store are never removed here.`)
    .argument("[names...]", `caches to clear (default: all of ${derivedNames.join(", ")})`)
    .option("--stale", "remove only entries of older formats")
    .action((names: string[], flags: { stale?: boolean }) => {
      const unknown = names.filter((n) => !isDerivedCacheName(n));
      if (unknown.length > 0)
        throw new InvalidInputError(
          "INVALID_ARGUMENT",
          `limbic cache clear clears only derived caches (${derivedNames.join(", ")}); not ${unknown.join(", ")}. Remove models or runs by hand if you mean to.`,
          { names: unknown },
        );
      const cleared = clearCaches(config.cacheDir, names.length > 0 ? names : "all", { staleOnly: flags.stale === true });
      for (const c of cleared) process.stdout.write(`${c.name}: removed ${c.files} files (${size(c.bytes)})\n`);
    });
  return cache;
}
