/**
 * zstd decompression for vllm-lens payloads. Node 22.15+ has it built in; on older Node the
 * optional native package @toondepauw/node-zstd (prebuilt per platform) decodes about 5x
 * faster than fzstd (pure JavaScript), which stays as the fallback that always installs.
 */
import { createRequire } from "node:module";
import zlib from "node:zlib";
import { decompress as fzstdDecompress } from "fzstd";

export type ZstdDecoderName = "node:zlib" | "node-zstd" | "fzstd";

type Decode = (bytes: Uint8Array) => Uint8Array;

function nodeZlibDecoder(): Decode | undefined {
  const decode = (zlib as unknown as { zstdDecompressSync?: (bytes: Uint8Array) => Buffer }).zstdDecompressSync;
  return decode ? (bytes) => decode(bytes) : undefined;
}

function nodeZstdDecoder(): Decode | undefined {
  try {
    const { Decoder } = createRequire(import.meta.url)("@toondepauw/node-zstd") as { Decoder: new () => { decodeSync(data: Buffer): Buffer } };
    const decoder = new Decoder();
    return (bytes) => decoder.decodeSync(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return undefined; // optional dependency absent (unsupported platform or --omit=optional)
  }
}

const available = new Map<ZstdDecoderName, Decode>();
for (const [name, make] of [
  ["node:zlib", nodeZlibDecoder],
  ["node-zstd", nodeZstdDecoder],
] as const) {
  const decode = make();
  if (decode) available.set(name, decode);
}
available.set("fzstd", (bytes) => fzstdDecompress(bytes));

/** The decoders this process can use, fastest first. */
export const zstdDecoders: readonly ZstdDecoderName[] = [...available.keys()];

/** The decoder payloads are decoded with: the fastest available one, unless LIMBIC_ZSTD_DECODER names another (benchmarks compare them). */
export const zstdDecoder: ZstdDecoderName = pickDecoder(process.env.LIMBIC_ZSTD_DECODER);

function pickDecoder(asked: string | undefined): ZstdDecoderName {
  if (!asked) return zstdDecoders[0]!;
  if (!available.has(asked as ZstdDecoderName))
    throw new Error(`LIMBIC_ZSTD_DECODER=${asked} is not a zstd decoder available here (have: ${zstdDecoders.join(", ")})`);
  return asked as ZstdDecoderName;
}

/** Decompresses one complete zstd frame; `using` picks a decoder (benchmarks compare them). */
export function decompressZstd(bytes: Uint8Array, using: ZstdDecoderName = zstdDecoder): Uint8Array {
  const decode = available.get(using);
  if (!decode) throw new Error(`zstd decoder ${using} is not available here (have: ${zstdDecoders.join(", ")})`);
  return decode(bytes);
}
