import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { LimbicError } from "../src/errors.js";
import { formatVllmReference, parseVllmReference, resolveBackend } from "../src/engine/vllm/reference.js";
import { lensSteering } from "../src/engine/vllm/steeringPlan.js";
import { detectPieceStyle, pieceBytes } from "../src/engine/vllm/tokenPieces.js";
import { decodeBase64Tensor, decodeTensorBytes, encodeFloat32Tensor, type EncodedTensor } from "../src/engine/vllm/wire.js";
import { decompressZstd, zstdDecoders } from "../src/engine/vllm/zstd.js";
import { FIXTURES } from "../testing/models.js";
import { zstdStored } from "../testing/zstdFrame.js";

const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, "vllm", "capture-bf16.json"), "utf8")) as {
  response: { activations: { residual_stream: EncodedTensor } };
  expected: { shape: number[]; first8: number[]; last8: number[]; sum: number; sumsq: number };
};

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof LimbicError, `expected a LimbicError, got ${String(error)}`);
    return error.code;
  }
  assert.fail("expected an error");
}

describe("vllm-lens wire format", () => {
  it("decodes a real bf16 capture (base64 transport) exactly as numpy + torch do", () => {
    const tensor = decodeBase64Tensor(fixture.response.activations.residual_stream, "residual_stream");
    assert.deepEqual(tensor.shape, fixture.expected.shape);
    assert.deepEqual(Array.from(tensor.data.subarray(0, 8)), fixture.expected.first8);
    assert.deepEqual(Array.from(tensor.data.subarray(tensor.data.length - 8)), fixture.expected.last8);
    let sum = 0;
    let sumsq = 0;
    for (const v of tensor.data) {
      sum += v;
      sumsq += v * v;
    }
    assert.ok(Math.abs(sum - fixture.expected.sum) < 1e-6 * Math.abs(fixture.expected.sum));
    assert.ok(Math.abs(sumsq - fixture.expected.sumsq) < 1e-9 * fixture.expected.sumsq);
  });

  it("decodes the same capture fetched through the binary transport", () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, "vllm", "capture-bf16-binary.zst"));
    const meta = fixture.response.activations.residual_stream;
    const binary = decodeTensorBytes(bytes, meta);
    const inline = decodeBase64Tensor(meta, "residual_stream");
    assert.deepEqual(binary.data, inline.data);
  });

  it("reads float32 and float16 payloads and refuses unknown dtypes", () => {
    const values = Float32Array.of(1.5, -2.25, 0, 65504);
    const f32 = decodeTensorBytes(zstdStored(new Uint8Array(values.buffer)), { dtype: "float32", shape: [1, 2, 2], compression: "zstd" });
    assert.deepEqual(Array.from(f32.data), Array.from(values));
    const halves = Uint16Array.of(0x3e00, 0xc080, 0x0000, 0x7bff); // 1.5, -2.25, 0, 65504
    const f16 = decodeTensorBytes(new Uint8Array(halves.buffer), { dtype: "float16", shape: [4] });
    assert.deepEqual(Array.from(f16.data), [1.5, -2.25, 0, 65504]);
    assert.equal(
      code(() => decodeTensorBytes(new Uint8Array(8), { dtype: "int64", shape: [1] })),
      "BACKEND_PROTOCOL",
    );
  });

  it("widens bf16 bit patterns to float32 exactly: signed zeros, subnormals, extremes, infinities and NaN, aligned or not", () => {
    const cases: [number, number][] = [
      [0x0000, 0],
      [0x8000, -0],
      [0x0001, 2 ** -133], // smallest subnormal
      [0x807f, -(127 * 2 ** -133)], // largest negative subnormal
      [0x0080, 2 ** -126], // smallest normal
      [0x3f80, 1],
      [0xc000, -2],
      [0x4049, 3.140625],
      [0x7f7f, (2 - 2 ** -7) * 2 ** 127], // largest finite
      [0x7f80, Infinity],
      [0xff80, -Infinity],
      [0x7fc0, NaN], // quiet NaN
      [0xffc1, NaN], // negative NaN with payload
      [0x7f81, NaN], // signalling NaN
    ];
    const halves = Uint16Array.from(cases, ([bits]) => bits);
    const meta = { dtype: "int16", original_dtype: "torch.bfloat16", shape: [cases.length] };
    const aligned = new Uint8Array(halves.buffer);
    const unaligned = new Uint8Array(aligned.length + 1).subarray(1); // odd byte offset: read byte by byte
    unaligned.set(aligned);
    for (const [what, bytes] of [
      ["aligned", aligned],
      ["unaligned", unaligned],
      ["zstd", zstdStored(aligned)],
    ] as const) {
      const decoded = decodeTensorBytes(bytes, what === "zstd" ? { ...meta, compression: "zstd" } : meta).data;
      cases.forEach(([bits, expected], i) => assert.ok(Object.is(decoded[i], expected), `${what}: 0x${bits.toString(16)} gave ${decoded[i]}, not ${expected}`));
      // The float32 bits are the bf16 bits followed by 16 zero bits, NaN payloads and signs included.
      assert.deepEqual(
        Array.from(new Uint32Array(decoded.buffer, decoded.byteOffset, decoded.length)),
        cases.map(([bits]) => bits * 0x10000),
        what,
      );
    }
  });

  it("catches a payload cut short, before or after decompression", () => {
    const raw = new Uint8Array(new Float32Array(64).fill(1).buffer);
    const frame = zstdStored(raw);
    assert.equal(
      code(() => decodeTensorBytes(frame.subarray(0, frame.length - 10), { dtype: "float32", shape: [64], compression: "zstd" })),
      "RESPONSE_TRUNCATED",
    );
    assert.equal(
      code(() => decodeTensorBytes(raw.subarray(0, 200), { dtype: "float32", shape: [64] })),
      "RESPONSE_TRUNCATED",
    );
  });

  it("every zstd decoder here reads real and stored frames alike and never passes a cut-short frame", () => {
    assert.ok(zstdDecoders.includes("fzstd"), "the pure-JavaScript fallback is always there");
    const real = fs.readFileSync(path.join(FIXTURES, "vllm", "capture-bf16-binary.zst"));
    const stored = zstdStored(new Uint8Array(new Float32Array(50_000).map((_, i) => Math.sin(i)).buffer));
    for (const frame of [real, stored]) {
      const expected = decompressZstd(frame, "fzstd");
      for (const decoder of zstdDecoders) {
        assert.deepEqual(Buffer.from(decompressZstd(frame, decoder)), Buffer.from(expected), decoder);
        let cut: Uint8Array | undefined;
        try {
          cut = decompressZstd(frame.subarray(0, frame.length - 7), decoder);
        } catch {
          cut = undefined; // a refusal is fine; so is a shorter result, which the shape check catches
        }
        assert.ok(cut === undefined || cut.length < expected.length, `${decoder} returned a full frame from a cut one`);
      }
    }
  });

  it("encodes float32 steering tensors as little-endian base64", () => {
    const encoded = encodeFloat32Tensor(Float32Array.of(1, -0.5), [1, 2]);
    assert.equal(encoded.dtype, "float32");
    assert.deepEqual(Array.from(new Float32Array(Uint8Array.from(Buffer.from(encoded.data, "base64")).buffer)), [1, -0.5]);
  });
});

describe("vLLM model references", () => {
  it("parses vllm+http references, keeping slashes in the served name", () => {
    const target = parseVllmReference("vllm+http://127.0.0.1:8000/google/gemma-3-270m", "k");
    assert.deepEqual(target, { backend: "vllm", url: "http://127.0.0.1:8000", servedModel: "google/gemma-3-270m", apiKey: "k" });
    assert.equal(formatVllmReference(target), "vllm+http://127.0.0.1:8000/google/gemma-3-270m");
    assert.equal(parseVllmReference("vllm+https://gpu.example:443/m").url, "https://gpu.example");
  });

  it("refuses references without a model, with a query, or of another scheme", () => {
    assert.equal(
      code(() => parseVllmReference("vllm+http://127.0.0.1:8000/")),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => parseVllmReference("vllm+http://127.0.0.1:8000/m?x=1")),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => parseVllmReference("http://127.0.0.1:8000/m")),
      "INVALID_ARGUMENT",
    );
  });

  it("resolves --backend/--url/--served-model/--api-key flags and refuses conflicts", () => {
    assert.deepEqual(resolveBackend("model.gguf", {}), { backend: "llama.cpp", model: "model.gguf" });
    assert.deepEqual(resolveBackend(undefined, { backend: "vllm", url: "http://h:1/v1/", servedModel: "m", apiKey: "s" }), {
      backend: "vllm",
      url: "http://h:1",
      servedModel: "m",
      apiKey: "s",
    });
    assert.equal((resolveBackend("vllm+http://h:1/m", {}) as { servedModel: string }).servedModel, "m");
    assert.equal(
      code(() => resolveBackend("model.gguf", { url: "http://h:1" })),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => resolveBackend(undefined, { backend: "vllm", servedModel: "m" })),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => resolveBackend("vllm+http://h:1/m", { url: "http://h:2" })),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => resolveBackend("a", { backend: "tgi" })),
      "INVALID_ARGUMENT",
    );
    assert.equal(
      code(() => resolveBackend(undefined, { backend: "vllm", url: "ftp://h", servedModel: "m" })),
      "INVALID_ARGUMENT",
    );
  });
});

describe("steering on vLLM, position by position", () => {
  const nLayer = 4;
  const nEmbd = 2;
  const buffer = (layer: number, values: number[]) => {
    const b = new Float32Array((nLayer - 1) * nEmbd);
    b.set(values, (layer - 1) * nEmbd);
    return b;
  };
  const rows = (v: { activations: { data: string } }) => Array.from(new Float32Array(Uint8Array.from(Buffer.from(v.activations.data, "base64")).buffer));

  it("one segment from position 0 is one broadcast vector with only the steered layers", () => {
    const [v, ...rest] = lensSteering([{ from: 0, buffer: buffer(2, [1, -1]) }], 10, nLayer, nEmbd);
    assert.equal(rest.length, 0);
    assert.deepEqual(v!.layer_indices, [2]);
    assert.deepEqual(v!.activations.shape, [1, 2]);
    assert.equal(v!.norm_match, false);
    assert.equal(v!.scale, 1);
    assert.deepEqual(rows(v!), [1, -1]);
  });

  it("a later change broadcasts the newest steering and corrects the earlier positions only", () => {
    const out = lensSteering(
      [
        { from: 0, buffer: buffer(1, [2, 0]) },
        { from: 3, buffer: buffer(1, [5, 1]) },
      ],
      6,
      nLayer,
      nEmbd,
    );
    assert.equal(out.length, 2);
    assert.deepEqual(rows(out[0]!), [5, 1]);
    assert.deepEqual(out[1]!.position_indices, [0, 1, 2]);
    assert.deepEqual(out[1]!.activations.shape, [1, 3, 2]);
    assert.deepEqual(rows(out[1]!), [-3, -1, -3, -1, -3, -1]);
  });

  it("steering from generation is a correction of minus the vector over the prompt", () => {
    const out = lensSteering(
      [
        { from: 0, buffer: null },
        { from: 2, buffer: buffer(3, [1, 1]) },
      ],
      5,
      nLayer,
      nEmbd,
    );
    assert.deepEqual(out[1]!.position_indices, [0, 1]);
    assert.deepEqual(rows(out[1]!), [-1, -1, -1, -1]);
    assert.deepEqual(lensSteering([{ from: 0, buffer: null }], 5, nLayer, nEmbd), []);
  });
});

describe("token bytes from vocabulary pieces", () => {
  it("decodes SentencePiece and byte-level pieces exactly", () => {
    assert.equal(Buffer.from(pieceBytes("\u2581café", "sentencepiece")!).toString("utf8"), " café");
    assert.deepEqual(Array.from(pieceBytes("<0xE2>", "sentencepiece")!), [0xe2]);
    assert.equal(Buffer.from(pieceBytes("\u0120hello", "byte-level")!).toString("utf8"), " hello");
    assert.equal(Buffer.from(pieceBytes("Ã©", "byte-level")!).toString("utf8"), "é");
    assert.equal(pieceBytes("x", "unknown"), null);
    assert.equal(detectPieceStyle(["Hi", "\u2581there"]), "sentencepiece");
    assert.equal(detectPieceStyle(["Hi", "\u0120there"]), "byte-level");
  });
});
