/**
 * A bounded walk over a GGUF header before any full parser sees the file: every count and length
 * is checked against the bytes that are left, so a hostile header (a 15-byte file claiming 2^63
 * keys, a string longer than the file) fails fast with a clear reason instead of allocating or
 * looping. It returns the tensor table; metadata values are skipped, not decoded.
 */
import fs from "node:fs/promises";
import { ModelFileError } from "../errors.js";

export interface GgufTensorEntry {
  name: string;
  dimensions: number[];
  ggmlType: number;
  /** Offset relative to the start of the data section. */
  relativeOffset: number;
}

export interface GgufHeaderScan {
  version: number;
  kvCount: number;
  tensors: GgufTensorEntry[];
  /** Absolute offset where tensor data starts (after alignment). */
  dataOffset: number;
  alignment: number;
}

const SUPPORTED_VERSIONS = new Set([2, 3]);
const MAX_DIMS = 4; // GGML_MAX_DIMS
const MAX_TENSOR_NAME = 64; // GGML_MAX_NAME, terminator included
const MAX_KEY_LENGTH = 65_536;
const MAX_ARRAY_DEPTH = 2;
const CHUNK = 1 << 20;

// Bytes of one value of each scalar GGUF type (gguf_type: 8 = string, 9 = array).
const scalarSize: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

/** Sequential reads over a file, refilled in chunks; never asks for more than the file holds. */
class BoundedReader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly handle: fs.FileHandle,
    readonly fileSize: number,
    private readonly filePath: string,
  ) {}

  get remaining(): number {
    return this.fileSize - this.position;
  }

  fail(what: string): never {
    throw new ModelFileError(
      "TRUNCATED_GGUF",
      `${this.filePath} has a damaged or cut-short GGUF header: ${what} (at byte ${this.position} of ${this.fileSize}). Download the file again, or check that it is a GGUF model or control vector.`,
      { path: this.filePath, offset: this.position },
    );
  }

  /** Claims `count` items of at least `minBytes` each; fails when they cannot fit in the rest of the file. */
  checkCount(count: bigint, minBytes: number, what: string): number {
    if (count > BigInt(Math.floor(this.remaining / Math.max(1, minBytes))))
      this.fail(`${what} is ${count}, more than the ${this.remaining} bytes left can hold`);
    return Number(count);
  }

  private async ensure(n: number): Promise<Buffer> {
    if (n > this.remaining) this.fail(`needs ${n} more bytes but the file ends`);
    const offset = this.position - this.bufferStart;
    if (offset + n <= this.buffer.length) return this.buffer.subarray(offset, offset + n);
    const size = Math.min(Math.max(n, CHUNK), this.remaining);
    const fresh = Buffer.alloc(size);
    const { bytesRead } = await this.handle.read(fresh, 0, size, this.position);
    if (bytesRead < n) this.fail("the file ended while reading");
    this.buffer = fresh.subarray(0, bytesRead);
    this.bufferStart = this.position;
    return this.buffer.subarray(0, n);
  }

  async bytes(n: number): Promise<Buffer> {
    const out = await this.ensure(n);
    this.position += n;
    return out;
  }

  async u32(): Promise<number> {
    return (await this.bytes(4)).readUInt32LE(0);
  }

  async u64(): Promise<bigint> {
    return (await this.bytes(8)).readBigUInt64LE(0);
  }

  async skip(n: number): Promise<void> {
    if (n > this.remaining) this.fail(`a value of ${n} bytes runs past the end of the file`);
    this.position += n;
  }

  async string(what: string, maxLength = Infinity): Promise<Buffer> {
    const length = this.checkCount(await this.u64(), 1, `the length of ${what}`);
    if (length > maxLength) this.fail(`${what} is ${length} bytes long (at most ${maxLength})`);
    return this.bytes(length);
  }

  async skipString(what: string): Promise<void> {
    await this.skip(this.checkCount(await this.u64(), 1, `the length of ${what}`));
  }
}

async function skipValue(reader: BoundedReader, type: number, key: string, depth: number): Promise<void> {
  if (type === STRING) return reader.skipString(`the string value of "${key}"`);
  if (type === ARRAY) {
    if (depth >= MAX_ARRAY_DEPTH) reader.fail(`"${key}" nests arrays deeper than ${MAX_ARRAY_DEPTH}`);
    const itemType = await reader.u32();
    const minItem = itemType === STRING ? 8 : itemType === ARRAY ? 12 : scalarSize[itemType];
    if (minItem === undefined) reader.fail(`"${key}" is an array of unknown type ${itemType}`);
    const count = reader.checkCount(await reader.u64(), minItem, `the item count of "${key}"`);
    if (itemType !== STRING && itemType !== ARRAY) return reader.skip(count * minItem);
    for (let i = 0; i < count; i++) await skipValue(reader, itemType, key, depth + 1);
    return;
  }
  const size = scalarSize[type];
  if (size === undefined) reader.fail(`"${key}" has unknown value type ${type}`);
  await reader.skip(size);
}

/** Walks the header and tensor table of a GGUF file, checking every count, length, type and offset. */
export async function scanGgufHeader(
  filePath: string,
  fileSize: number,
  bytesForTensor: (t: Omit<GgufTensorEntry, "relativeOffset">) => number | undefined,
  /** Called at the start of every header field (the fuzz tests cut files there). */
  onField?: (offset: number, field: string) => void,
): Promise<GgufHeaderScan> {
  const handle = await fs.open(filePath, "r");
  try {
    const reader = new BoundedReader(handle, fileSize, filePath);
    const mark = (field: string) => onField?.(reader.position, field);
    await reader.bytes(4); // magic, checked by the caller
    mark("version");
    const version = await reader.u32();
    if (!SUPPORTED_VERSIONS.has(version)) {
      throw new ModelFileError(
        "NOT_GGUF",
        `${filePath} is GGUF version ${version}; Limbic and llama.cpp read versions 2 and 3. Convert the model again with a current llama.cpp.`,
        { path: filePath, version },
      );
    }
    // A tensor entry takes at least 8 (name length) + 4 (n_dims) + 8 (one dim) + 4 (type) + 8 (offset) bytes; a key-value at least 8 + 1 + 4 + 1.
    mark("tensor count");
    const tensorCount = reader.checkCount(await reader.u64(), 32, "the tensor count");
    mark("key-value count");
    const kvCount = reader.checkCount(await reader.u64(), 14, "the key-value count");
    let alignment = 32;
    for (let i = 0; i < kvCount; i++) {
      mark(`key ${i}`);
      const key = (await reader.string(`key ${i}`, MAX_KEY_LENGTH)).toString("utf8");
      mark(`type of ${key}`);
      const type = await reader.u32();
      mark(`value of ${key}`);
      if (key === "general.alignment") {
        if (type !== 4) reader.fail(`general.alignment has type ${type}, not uint32`);
        alignment = await reader.u32();
        if (alignment === 0 || (alignment & (alignment - 1)) !== 0) reader.fail(`general.alignment ${alignment} is not a power of two`);
        continue;
      }
      await skipValue(reader, type, key, 0);
    }
    const tensors: GgufTensorEntry[] = [];
    for (let i = 0; i < tensorCount; i++) {
      mark(`tensor ${i}`);
      const name = (await reader.string(`the name of tensor ${i}`, MAX_TENSOR_NAME - 1)).toString("utf8");
      mark(`dimension count of ${name}`);
      const nDims = await reader.u32();
      if (nDims < 1 || nDims > MAX_DIMS) reader.fail(`tensor ${name} has ${nDims} dimensions (1..${MAX_DIMS})`);
      const dimensions: number[] = [];
      for (let d = 0; d < nDims; d++) {
        const size = await reader.u64();
        if (size < 1n || size > BigInt(fileSize) * 8n) reader.fail(`tensor ${name} has dimension ${size}`);
        dimensions.push(Number(size));
      }
      mark(`type of ${name}`);
      const ggmlType = await reader.u32();
      mark(`offset of ${name}`);
      const offset = await reader.u64();
      if (offset > BigInt(fileSize)) reader.fail(`tensor ${name} starts at data offset ${offset}, past the end of the file`);
      tensors.push({ name, dimensions, ggmlType, relativeOffset: Number(offset) });
    }
    const dataOffset = Math.ceil(reader.position / alignment) * alignment;
    mark("tensor data");
    if (tensorCount > 0 && dataOffset > fileSize) reader.fail("the tensor data section starts past the end of the file");
    for (const tensor of tensors) {
      if (tensor.relativeOffset % alignment !== 0) reader.fail(`tensor ${tensor.name}'s data offset ${tensor.relativeOffset} is not aligned to ${alignment}`);
      const bytes = bytesForTensor(tensor);
      if (bytes === undefined) return reader.fail(`tensor ${tensor.name} has unknown ggml type ${tensor.ggmlType}`);
      if (!Number.isSafeInteger(bytes)) reader.fail(`tensor ${tensor.name}'s first dimension ${tensor.dimensions[0]} does not fit its type's block size`);
      const end = dataOffset + tensor.relativeOffset + bytes;
      if (!Number.isFinite(end) || end > fileSize) {
        throw new ModelFileError(
          "TRUNCATED_GGUF",
          `${filePath} is cut short: tensor ${tensor.name} ends at byte ${end} but the file has ${fileSize} bytes. Download it again.`,
          { path: filePath, tensor: tensor.name },
        );
      }
    }
    return { version, kvCount, tensors, dataOffset, alignment };
  } finally {
    await handle.close();
  }
}
