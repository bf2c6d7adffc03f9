/**
 * Writes zstd frames made of raw (stored) blocks: valid zstd that any decoder reads, without
 * a compressor (Node 20 has none). For the simulated vllm-lens server only.
 */
const MAGIC = 0xfd2fb528;
const MAX_BLOCK = 128 * 1024;

export function zstdStored(data: Uint8Array): Uint8Array {
  // Frame header: descriptor with single-segment flag and an 8-byte content size.
  const header = Buffer.alloc(4 + 1 + 8);
  header.writeUInt32LE(MAGIC, 0);
  header[4] = 0b1110_0000; // FCS field size 8 bytes (flag 3), single segment
  header.writeBigUInt64LE(BigInt(data.length), 5);
  const parts: Uint8Array[] = [header];
  let offset = 0;
  do {
    const size = Math.min(MAX_BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const blockHeader = (size << 3) | (0 << 1) | last; // block type 0: raw
    parts.push(Uint8Array.of(blockHeader & 0xff, (blockHeader >> 8) & 0xff, (blockHeader >> 16) & 0xff));
    parts.push(data.subarray(offset, offset + size));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
}
