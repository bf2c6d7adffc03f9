/** Resolves a model reference (a path, or hf:<user>/<repo>/<file>.gguf) to a local file; downloads go through node-llama-cpp. */
import path from "node:path";
import { config } from "../config.js";
import { ModelFileError } from "../errors.js";

export function isRemoteReference(reference: string): boolean {
  return /^(hf:|huggingface:|https?:\/\/)/.test(reference);
}

export async function resolveModelPath(reference: string, options: { cacheDir?: string; showProgress?: boolean; signal?: AbortSignal } = {}): Promise<string> {
  if (!isRemoteReference(reference)) return path.resolve(reference);
  const { resolveModelFile } = await import("node-llama-cpp");
  const directory = options.cacheDir ?? path.join(config.cacheDir, "models");
  try {
    return await resolveModelFile(reference, { directory, cli: options.showProgress ?? process.stderr.isTTY === true, signal: options.signal });
  } catch (error) {
    throw new ModelFileError(
      "DOWNLOAD_FAILED",
      `Could not download ${reference} into ${directory}: ${(error as Error).message}`,
      { reference },
      { cause: error },
    );
  }
}
