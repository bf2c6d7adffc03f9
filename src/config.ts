/** Every environment variable Limbic reads, in one place. */
import os from "node:os";
import path from "node:path";

export const config = {
  /** Folder for downloaded models and the file-hash cache. LIMBIC_CACHE_DIR, default ~/.cache/limbic. */
  get cacheDir(): string {
    return path.resolve(process.env.LIMBIC_CACHE_DIR ?? path.join(os.homedir(), ".cache", "limbic"));
  },
  /** Forces a llama.cpp variant: "cpu", "cuda", "vulkan", "metal" or "auto". LIMBIC_GPU. */
  get gpu(): string | undefined {
    return process.env.LIMBIC_GPU || undefined;
  },
  /** llama.cpp log lines at or above this level go to stderr: debug, info, warn, error, none. LIMBIC_LOG_LEVEL. */
  get logLevel(): string {
    return process.env.LIMBIC_LOG_LEVEL ?? "none";
  },
  /** Default thread count for llama.cpp. LIMBIC_THREADS, default: the machine's available parallelism. */
  get threads(): number {
    const fromEnv = Number(process.env.LIMBIC_THREADS);
    return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism();
  },
};
