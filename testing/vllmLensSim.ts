/**
 * A simulated vLLM + vllm-lens server speaking the real wire format (as read from vllm-lens
 * 1.3.0 and checked against real responses): /v1/models, /tokenizer_info, /tokenize,
 * /detokenize, /v1/completions with `vllm_xargs` capture and steering, the binary activation
 * transport, and vLLM's error bodies. Its "model" is a small deterministic function whose
 * block outputs depend on earlier positions (as attention does), whose greedy next token
 * depends on the last block output (so steering changes text), and to which steering adds
 * exactly the vector sent. Latency and faults are configurable.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { decompress } from "fzstd";
import { zstdStored } from "./zstdFrame.js";

export interface SimFault {
  kind: "status" | "truncate" | "drop";
  /** For "status": 429 or 503 (or any). */
  status?: number;
  /** For "status": the error message (default: "simulated overload"). */
  message?: string;
  /** Only requests whose path starts with this (default: /v1/completions). */
  path?: string;
}

export interface SimOptions {
  servedModel?: string;
  nLayer?: number;
  nEmbd?: number;
  maxModelLen?: number;
  dtype?: "float32" | "bfloat16";
  /** Milliseconds before each completion answers. */
  latencyMs?: number;
  /** Answer capture requests without activations (a vLLM without vllm-lens). */
  withoutLens?: boolean;
  /** Serve /tokenizer_info (vLLM's --enable-tokenizer-info-endpoint). Defaults to true. */
  tokenizerInfo?: boolean;
  apiKey?: string;
  /**
   * Benchmarks: skip the simulated model and answer captures with this real zstd frame (a real
   * vllm-lens bf16 payload) repeated to the asked shape, so the client decodes real compressed
   * data; generation answers a fixed token. Shapes the frame does not divide get stored frames.
   */
  cannedFrame?: { frame: Uint8Array; decodedBytes: number };
}

const SPECIAL = ["<pad>", "<eos>", "<bos>", "<start_of_turn>", "<end_of_turn>"];
const BYTE_BASE = 5;
const CHAR_BASE = 300;
export const SIM_VOCAB = CHAR_BASE + 0x10000;
export const SIM_CHAT_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m.role }}\n{{ m.content }}<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}";

export function simTokenize(text: string, addSpecial: boolean): { tokens: number[]; pieces: string[] } {
  const tokens: number[] = addSpecial ? [2] : [];
  const pieces: string[] = addSpecial ? ["<bos>"] : [];
  let i = 0;
  outer: while (i < text.length) {
    for (const [id, s] of SPECIAL.entries()) {
      if (text.startsWith(s, i)) {
        tokens.push(id);
        pieces.push(s);
        i += s.length;
        continue outer;
      }
    }
    const code = text.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    if (code < 0x10000 && (code < 0xd800 || code > 0xdfff)) {
      tokens.push(CHAR_BASE + code);
      pieces.push(char === " " ? "\u2581" : char);
    } else {
      for (const b of Buffer.from(char, "utf8")) {
        tokens.push(BYTE_BASE + b);
        pieces.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
      }
    }
    i += char.length;
  }
  return { tokens, pieces };
}

export function simDetokenize(tokens: readonly number[]): string {
  const bytes: number[] = [];
  for (const t of tokens) {
    if (t < SPECIAL.length) bytes.push(...Buffer.from(SPECIAL[t]!, "utf8"));
    else if (t >= BYTE_BASE && t < BYTE_BASE + 256) bytes.push(t - BYTE_BASE);
    else if (t >= CHAR_BASE) bytes.push(...Buffer.from(String.fromCharCode(t - CHAR_BASE), "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

interface SteeringSpec {
  rows: Float32Array; // [layers x (positions) x d]
  shape: number[];
  layer_indices: number[];
  scale: number;
  position_indices?: number[];
}

/** The simulated forward pass: block outputs [nLayer][T][d] with steering added before capture. */
export function simForward(tokens: readonly number[], nLayer: number, d: number, steering: readonly SteeringSpec[]): Float32Array[] {
  const T = tokens.length;
  const layers: Float32Array[] = [];
  let previous = new Float32Array(T * d);
  for (let l = 0; l < nLayer; l++) {
    const out = new Float32Array(T * d);
    const running = new Float64Array(d);
    for (let p = 0; p < T; p++) {
      for (let j = 0; j < d; j++) running[j] = running[j]! + previous[p * d + j]!;
      for (let j = 0; j < d; j++) {
        const embed = Math.sin((tokens[p]! % 9973) * 0.37 + j * 1.3 + l * 0.71) * (1 + l * 0.25);
        out[p * d + j] = previous[p * d + j]! + embed + (0.3 * running[j]!) / (p + 1);
      }
      for (const s of steering) {
        const k = s.layer_indices.indexOf(l);
        if (k < 0) continue;
        let row: Float32Array | null = null;
        if (s.shape.length === 2) row = s.rows.subarray(k * d, (k + 1) * d);
        else {
          const positions = s.position_indices ?? Array.from({ length: s.shape[1]! }, (_, i) => i);
          const at = positions.indexOf(p);
          if (at >= 0) row = s.rows.subarray((k * s.shape[1]! + at) * d, (k * s.shape[1]! + at + 1) * d);
        }
        if (row) for (let j = 0; j < d; j++) out[p * d + j] = out[p * d + j]! + s.scale * row[j]!;
      }
    }
    layers.push(out);
    previous = out;
  }
  return layers;
}

/** Greedy next token from the last block output at the last position: a letter, a space, or <eos>. */
export function simNextToken(last: Float32Array, d: number, position: number, seedOffset: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += last[position * d + j]! * (j + 1);
  const bucket = (Math.floor(Math.abs(sum) * 100) + seedOffset) % 31;
  if (bucket === 30) return 1;
  if (bucket >= 26) return CHAR_BASE + 0x20;
  return CHAR_BASE + 0x61 + bucket;
}

function bf16Bits(value: number): number {
  const f = new Float32Array([value]);
  const u = new Uint32Array(f.buffer)[0]!;
  return ((u + 0x7fff + ((u >> 16) & 1)) >>> 16) & 0xffff;
}

export class VllmLensSim {
  readonly servedModel: string;
  readonly nLayer: number;
  readonly nEmbd: number;
  readonly maxModelLen: number;
  readonly options: SimOptions;
  private server: http.Server | null = null;
  private readonly handles = new Map<string, { bytes: Uint8Array; meta: Record<string, unknown> }>();
  /** Faults applied to the next matching requests, in order. */
  readonly faults: SimFault[] = [];
  /** Every completion body received, for assertions. */
  readonly completions: Record<string, unknown>[] = [];
  inFlight = 0;
  maxInFlightSeen = 0;
  url = "";

  constructor(options: SimOptions = {}) {
    this.options = options;
    this.servedModel = options.servedModel ?? "sim-model";
    this.nLayer = options.nLayer ?? 6;
    this.nEmbd = options.nEmbd ?? 16;
    this.maxModelLen = options.maxModelLen ?? 256;
  }

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    // No 408s from Node's own request timers: a benchmark client starved of CPU (nice 19 on a busy
    // machine) may take minutes to send a request it has queued, and a sim should not judge that.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  get reference(): string {
    return `vllm+${this.url}/${this.servedModel}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private error(res: http.ServerResponse, status: number, message: string, type = "BadRequestError"): void {
    this.send(res, status, { error: { message, type, param: null, code: status } });
  }

  private takeFault(path: string): SimFault | null {
    const index = this.faults.findIndex((f) => path.startsWith(f.path ?? "/v1/completions"));
    return index >= 0 ? this.faults.splice(index, 1)[0]! : null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "/").split("?")[0]!;
    if (this.options.apiKey && path.startsWith("/v1") && req.headers.authorization !== `Bearer ${this.options.apiKey}`)
      return this.send(res, 401, { error: "Unauthorized" });
    const fault = this.takeFault(path);
    if (fault?.kind === "status") return this.error(res, fault.status ?? 503, fault.message ?? "simulated overload", "ServiceUnavailableError");
    if (fault?.kind === "drop") return void req.socket.destroy();
    let body: Record<string, unknown> = {};
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        return this.error(res, 400, "invalid JSON");
      }
    }
    const respond = (status: number, payload: unknown) => {
      if (fault?.kind === "truncate") {
        const text = JSON.stringify(payload);
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      this.send(res, status, payload);
    };
    if (req.method === "GET" && path === "/health") return void res.end();
    if (req.method === "GET" && path === "/v1/models")
      return respond(200, {
        object: "list",
        data: [{ id: this.servedModel, object: "model", owned_by: "vllm", root: `/models/${this.servedModel}`, parent: null, max_model_len: this.maxModelLen }],
      });
    if (req.method === "GET" && path === "/tokenizer_info") {
      if (this.options.tokenizerInfo === false) return this.send(res, 404, { detail: "Not Found" });
      return respond(200, {
        tokenizer_class: "SimTokenizer",
        bos_token: "<bos>",
        eos_token: "<eos>",
        chat_template: SIM_CHAT_TEMPLATE,
        added_tokens_decoder: Object.fromEntries(SPECIAL.map((s, i) => [String(i), s])),
      });
    }
    if (req.method === "GET" && path.startsWith("/v1/activations/")) {
      const stored = this.handles.get(path.slice("/v1/activations/".length));
      if (!stored || this.options.withoutLens) return this.send(res, 404, { detail: "Unknown or expired activation handle" });
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": stored.bytes.length,
        "x-vllm-lens-shape": JSON.stringify(stored.meta.shape),
      });
      if (fault?.kind === "truncate") {
        res.write(stored.bytes.subarray(0, stored.bytes.length >> 1));
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      return void res.end(stored.bytes);
    }
    if (req.method !== "POST") return this.send(res, 404, { detail: "Not Found" });
    if (body.model !== undefined && body.model !== this.servedModel)
      return this.error(res, 404, `The model \`${String(body.model)}\` does not exist.`, "NotFoundError");
    if (path === "/tokenize") {
      const { tokens, pieces } = simTokenize(String(body.prompt ?? ""), body.add_special_tokens !== false);
      return respond(200, { count: tokens.length, max_model_len: this.maxModelLen, tokens, token_strs: body.return_token_strs ? pieces : null });
    }
    if (path === "/detokenize") return respond(200, { prompt: simDetokenize(body.tokens as number[]) });
    if (path === "/v1/completions") return this.complete(body, respond);
    return this.send(res, 404, { detail: "Not Found" });
  }

  private async complete(body: Record<string, unknown>, respond: (status: number, payload: unknown) => void): Promise<void> {
    this.completions.push(body);
    this.inFlight++;
    this.maxInFlightSeen = Math.max(this.maxInFlightSeen, this.inFlight);
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      const bias = body.logit_bias as Record<string, number> | undefined;
      const tooBig = Object.keys(bias ?? {}).find((k) => Number(k) >= SIM_VOCAB);
      if (tooBig)
        return respond(400, {
          error: {
            message: `token_id(s) [${tooBig}] in logit_bias contain out-of-vocab token ids. Vocabulary size: ${SIM_VOCAB}`,
            type: "BadRequestError",
            param: "logit_bias",
            code: 400,
          },
        });
      const prompt = Array.isArray(body.prompt) ? (body.prompt as number[]) : simTokenize(String(body.prompt), true).tokens;
      const maxTokens = Number(body.max_tokens ?? 16);
      if (prompt.length + maxTokens > this.maxModelLen) {
        return respond(400, {
          error: {
            message: `This model's maximum context length is ${this.maxModelLen} tokens. However, you requested ${prompt.length + maxTokens} tokens (${prompt.length} in the messages, ${maxTokens} in the completion).`,
            type: "BadRequestError",
            param: null,
            code: 400,
          },
        });
      }
      const xargs = (body.vllm_xargs ?? {}) as Record<string, string>;
      let steering: SteeringSpec[] = [];
      try {
        steering = xargs.apply_steering_vectors ? this.decodeSteering(xargs.apply_steering_vectors) : [];
      } catch (error) {
        return respond(400, { error: { message: (error as Error).message, type: "BadRequestError", param: null, code: 400 } });
      }
      const stopIds = new Set([1, ...((body.stop_token_ids as number[] | undefined) ?? [])]);
      const seedOffset = Number(body.temperature ?? 1) > 0 ? Number(body.seed ?? 0) % 31 : 0;
      const sequence = [...prompt];
      const generated: number[] = [];
      let finish = "length";
      let stopReason: number | null = null;
      for (let step = 0; step < maxTokens && this.options.cannedFrame; step++) sequence.push(CHAR_BASE + 0x61), generated.push(CHAR_BASE + 0x61);
      for (let step = 0; step < maxTokens && !this.options.cannedFrame; step++) {
        const layers = simForward(sequence, this.nLayer, this.nEmbd, steering);
        const next = simNextToken(layers[this.nLayer - 1]!, this.nEmbd, sequence.length - 1, seedOffset);
        generated.push(next);
        sequence.push(next);
        if (stopIds.has(next)) {
          finish = "stop";
          stopReason = next;
          break;
        }
      }
      const choice = {
        index: 0,
        text: simDetokenize(generated.filter((t) => !stopIds.has(t))),
        logprobs: null,
        finish_reason: finish,
        stop_reason: stopReason,
        token_ids: generated,
        prompt_logprobs: null,
        prompt_token_ids: prompt,
      };
      const out: Record<string, unknown> = {
        id: `cmpl-${randomBytes(8).toString("hex")}`,
        object: "text_completion",
        model: this.servedModel,
        choices: [choice],
        usage: { prompt_tokens: prompt.length, completion_tokens: generated.length, total_tokens: prompt.length + generated.length },
      };
      const asked = xargs.output_residual_stream;
      if (asked !== undefined && !this.options.withoutLens)
        out.activations = { residual_stream: this.capture(sequence.slice(0, -1), asked, steering, xargs.activations_transport === "binary") };
      respond(200, out);
    } finally {
      this.inFlight--;
    }
  }

  private decodeSteering(text: string): SteeringSpec[] {
    const list = JSON.parse(text) as {
      activations: { data: string; dtype: string; shape: number[]; compression?: string };
      layer_indices: number[];
      scale?: number;
      position_indices?: number[];
    }[];
    return list.map((v) => {
      if (v.activations.dtype !== "float32") throw new Error(`unsupported steering dtype ${v.activations.dtype}`);
      let bytes: Uint8Array = Buffer.from(v.activations.data, "base64");
      if (v.activations.compression === "zstd") bytes = decompress(bytes);
      const rows = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (v.activations.shape[0] !== v.layer_indices.length)
        throw new Error(`activations dim 0 (${v.activations.shape[0]}) must match len(layer_indices) (${v.layer_indices.length})`);
      if (rows.length !== v.activations.shape.reduce((a, b) => a * b, 1)) throw new Error("activations data does not match its shape");
      return {
        rows,
        shape: v.activations.shape,
        layer_indices: v.layer_indices,
        scale: v.scale ?? 1,
        ...(v.position_indices ? { position_indices: v.position_indices } : {}),
      };
    });
  }

  private canned = new Map<number, Uint8Array>();

  private cannedCapture(layers: number[], T: number): Uint8Array {
    const { frame, decodedBytes } = this.options.cannedFrame!;
    const bytes = layers.length * T * this.nEmbd * 2;
    if (bytes % decodedBytes !== 0) return zstdStored(new Uint8Array(bytes));
    let payload = this.canned.get(bytes);
    if (!payload) {
      payload = Buffer.concat(Array.from({ length: bytes / decodedBytes }, () => frame));
      this.canned.set(bytes, payload);
    }
    return payload;
  }

  private capture(processed: number[], asked: string, steering: SteeringSpec[], binary: boolean): Record<string, unknown> {
    const all = this.options.cannedFrame
      ? Array.from({ length: this.nLayer }, () => new Float32Array(0))
      : simForward(processed, this.nLayer, this.nEmbd, steering);
    let wanted: number[];
    try {
      const parsed = JSON.parse(asked) as unknown;
      wanted = Array.isArray(parsed) ? (parsed as number[]) : all.map((_, i) => i);
    } catch {
      wanted = all.map((_, i) => i);
    }
    // Like vllm-lens: layers the model lacks are silently left out; the rest come in ascending order.
    const layers = all.map((_, i) => i).filter((i) => wanted.includes(i));
    const T = processed.length;
    const d = this.nEmbd;
    if (this.options.cannedFrame) {
      const meta = { dtype: "int16", original_dtype: "torch.bfloat16", shape: [layers.length, T, d], compression: "zstd" };
      return this.package(this.cannedCapture(layers, T), meta, binary);
    }
    const bf16 = this.options.dtype === "bfloat16";
    const raw = Buffer.alloc(layers.length * T * d * (bf16 ? 2 : 4));
    layers.forEach((l, k) => {
      const data = all[l]!;
      for (let i = 0; i < T * d; i++) {
        const at = k * T * d + i;
        if (bf16) raw.writeUInt16LE(bf16Bits(data[i]!), at * 2);
        else raw.writeFloatLE(data[i]!, at * 4);
      }
    });
    const meta = {
      dtype: bf16 ? "int16" : "float32",
      original_dtype: bf16 ? "torch.bfloat16" : "torch.float32",
      shape: [layers.length, T, d],
      compression: "zstd",
    };
    return this.package(zstdStored(raw), meta, binary);
  }

  private package(compressed: Uint8Array, meta: Record<string, unknown>, binary: boolean): Record<string, unknown> {
    if (binary) {
      const handle = randomBytes(24).toString("base64url");
      this.handles.set(handle, { bytes: compressed, meta });
      // Like vllm-lens's store: at most 512 entries, oldest evicted first (and a 300 s TTL, not simulated).
      while (this.handles.size > 512) this.handles.delete(this.handles.keys().next().value!);
      return { handle, nbytes: compressed.length, transport: "binary", ...meta };
    }
    return { data: Buffer.from(compressed).toString("base64"), ...meta };
  }
}
