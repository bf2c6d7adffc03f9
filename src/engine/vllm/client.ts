/**
 * A typed client for the parts of a vLLM + vllm-lens server Limbic uses: models, tokenizer,
 * and completions with residual capture and steering (one prompt per request: a
 * multi-prompt request returns activations for one prompt only).
 */
import { BackendError, ContextOverflowError } from "../../errors.js";
import { VllmHttp, parseJson, serverMessage, type HttpOptions } from "./http.js";
import { checkMeta, decodeBase64Tensor, decodeTensorBytes, type EncodedTensor } from "./wire.js";

export interface ServedModelCard {
  id: string;
  root?: string;
  max_model_len?: number;
}

export interface TokenizerInfo {
  tokenizer_class?: string;
  chat_template?: string;
  bos_token?: string;
  eos_token?: string;
  added_tokens_decoder?: Record<string, string | { content?: string }>;
  [key: string]: unknown;
}

/** One steering addition in vllm-lens's request form (`SteeringVector`). */
export interface LensSteeringVector {
  activations: { data: string; dtype: "float32"; shape: number[] };
  layer_indices: number[];
  scale: number;
  norm_match: false;
  position_indices?: number[];
}

export interface LensSampling {
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  seed?: number;
  repetitionPenalty?: number;
}

export interface CompletionRequest {
  prompt: Int32Array | readonly number[];
  maxTokens: number;
  sampling: LensSampling;
  stopTokenIds?: readonly number[];
  /** Blocks to capture (ascending, validated by the caller), or "all" (to learn the model's shape); absent: no capture. */
  captureLayers?: readonly number[] | "all";
  steering?: readonly LensSteeringVector[];
  signal?: AbortSignal;
}

export interface CapturedStream {
  layers: number[];
  /** Positions captured: prompt tokens + generated tokens - 1. */
  positions: number;
  nEmbd: number;
  /** [layers x positions x nEmbd], row-major. */
  data: Float32Array;
}

export interface CompletionResult {
  tokens: number[];
  text: string;
  finishReason: string;
  stopReason: number | string | null;
  promptTokens: number;
  activations: CapturedStream | null;
}

interface RawCompletion {
  choices?: {
    text?: string;
    token_ids?: number[] | null;
    prompt_token_ids?: number[] | null;
    finish_reason?: string | null;
    stop_reason?: number | string | null;
  }[];
  usage?: { prompt_tokens?: number };
  activations?: Record<string, EncodedTensor> | null;
}

export class VllmLensClient {
  readonly http: VllmHttp;

  constructor(
    options: HttpOptions,
    readonly servedModel: string,
  ) {
    this.http = new VllmHttp(options);
  }

  get url(): string {
    return this.http.url;
  }

  async models(signal?: AbortSignal): Promise<ServedModelCard[]> {
    const response = await this.http.request("GET", "/v1/models", undefined, signal);
    if (response.status === 404)
      throw new BackendError(
        "BACKEND_PROTOCOL",
        `${this.url} has no /v1/models: it is not a vLLM (OpenAI-compatible) server. Check --url (the address without /v1).`,
        { url: this.url },
      );
    if (response.status < 200 || response.status >= 300) throw this.http.statusError(response, "/v1/models");
    const body = parseJson<{ data?: ServedModelCard[] }>(response.body, `${this.url}/v1/models`);
    if (!Array.isArray(body.data))
      throw new BackendError("BACKEND_PROTOCOL", `${this.url}/v1/models did not list models; is this a vLLM server?`, { url: this.url });
    return body.data;
  }

  /** The tokenizer's settings and the chat template; null when the server runs without --enable-tokenizer-info-endpoint. */
  async tokenizerInfo(signal?: AbortSignal): Promise<TokenizerInfo | null> {
    const response = await this.http.request("GET", "/tokenizer_info", undefined, signal);
    if (response.status === 404) return null;
    if (response.status < 200 || response.status >= 300) throw this.http.statusError(response, "/tokenizer_info");
    return parseJson<TokenizerInfo>(response.body, `${this.url}/tokenizer_info`);
  }

  async tokenize(text: string, addSpecial: boolean, signal?: AbortSignal): Promise<{ tokens: number[]; pieces: string[] | null }> {
    const body = await this.http.json<{ tokens?: number[]; token_strs?: string[] | null }>(
      "POST",
      "/tokenize",
      { model: this.servedModel, prompt: text, add_special_tokens: addSpecial, return_token_strs: true },
      signal,
    );
    if (!Array.isArray(body.tokens)) throw new BackendError("BACKEND_PROTOCOL", `${this.url}/tokenize answered without tokens.`, { url: this.url });
    return { tokens: body.tokens, pieces: Array.isArray(body.token_strs) && body.token_strs.length === body.tokens.length ? body.token_strs : null };
  }

  async detokenize(tokens: readonly number[], signal?: AbortSignal): Promise<string> {
    const body = await this.http.json<{ prompt?: string }>("POST", "/detokenize", { model: this.servedModel, tokens: [...tokens] }, signal);
    if (typeof body.prompt !== "string") throw new BackendError("BACKEND_PROTOCOL", `${this.url}/detokenize answered without text.`, { url: this.url });
    return body.prompt;
  }

  /** The model's vocabulary size: vLLM names it when refusing an out-of-vocabulary logit bias (checked before any compute). */
  async vocabularySize(signal?: AbortSignal): Promise<number> {
    const response = await this.http.request(
      "POST",
      "/v1/completions",
      { model: this.servedModel, prompt: "a", max_tokens: 1, logit_bias: { "2147483647": 0 } },
      signal,
    );
    const match = /Vocabulary size: (\d+)/.exec(serverMessage(response.body));
    if (response.status === 400 && match) return Number(match[1]);
    if (response.status >= 400) throw this.http.statusError(response, "/v1/completions");
    throw new BackendError(
      "BACKEND_PROTOCOL",
      `The vLLM server at ${this.url} accepted an out-of-vocabulary logit bias, so Limbic cannot learn the vocabulary size; it needs vLLM 0.30.`,
      { url: this.url },
    );
  }

  /** One prompt, generated and (when asked) captured; the activations are decoded and checked against the shape asked for. */
  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const xargs: Record<string, string> = {};
    const capture = request.captureLayers === "all" || (request.captureLayers !== undefined && request.captureLayers.length > 0);
    if (capture) {
      xargs.output_residual_stream = request.captureLayers === "all" ? "true" : JSON.stringify(request.captureLayers);
      // Large payloads stay out of the JSON: the bytes are fetched from /v1/activations/{handle}.
      xargs.activations_transport = "binary";
    }
    if (request.steering && request.steering.length > 0) xargs.apply_steering_vectors = JSON.stringify(request.steering);
    const { sampling } = request;
    const body = {
      model: this.servedModel,
      prompt: Array.from(request.prompt),
      max_tokens: request.maxTokens,
      temperature: sampling.temperature,
      top_k: sampling.topK,
      top_p: sampling.topP,
      min_p: sampling.minP,
      ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}),
      ...(sampling.repetitionPenalty !== undefined ? { repetition_penalty: sampling.repetitionPenalty } : {}),
      ...(request.stopTokenIds?.length ? { stop_token_ids: [...request.stopTokenIds] } : {}),
      return_token_ids: true,
      skip_special_tokens: false,
      ...(Object.keys(xargs).length ? { vllm_xargs: xargs } : {}),
    };
    const response = await this.http.request("POST", "/v1/completions", body, request.signal);
    if (response.status === 400) {
      const message = serverMessage(response.body);
      if (/maximum context length|max_model_len|longer than the maximum/i.test(message)) {
        throw new ContextOverflowError(
          "CONTEXT_FULL",
          `The vLLM server refused a prompt of ${request.prompt.length} tokens plus ${request.maxTokens} to generate: ${message}`,
          { tokens: request.prompt.length },
        );
      }
    }
    if (response.status < 200 || response.status >= 300) throw this.http.statusError(response, "/v1/completions");
    const raw = parseJson<RawCompletion>(response.body, `${this.url}/v1/completions`);
    const choice = raw.choices?.[0];
    if (!choice || !Array.isArray(choice.token_ids))
      throw new BackendError("BACKEND_PROTOCOL", `${this.url}/v1/completions answered without token ids; Limbic needs vLLM 0.30 (return_token_ids).`, {
        url: this.url,
      });
    const promptTokens = choice.prompt_token_ids?.length ?? raw.usage?.prompt_tokens ?? request.prompt.length;
    let activations: CapturedStream | null = null;
    if (capture) activations = await this.readActivations(raw, request.captureLayers!, promptTokens + choice.token_ids.length - 1, request.signal);
    return {
      tokens: choice.token_ids,
      text: choice.text ?? "",
      finishReason: choice.finish_reason ?? "length",
      stopReason: choice.stop_reason ?? null,
      promptTokens,
      activations,
    };
  }

  private async readActivations(raw: RawCompletion, asked: readonly number[] | "all", positions: number, signal?: AbortSignal): Promise<CapturedStream> {
    const encoded = raw.activations?.residual_stream;
    if (!encoded) {
      throw new BackendError(
        "BACKEND_NO_LENS",
        `The vLLM server at ${this.url} returned no activations for a capture request: vllm-lens is not installed or not loaded there. Install vllm-lens 1.3 in the server's environment (scripts/vllm/setup.sh) and restart it.`,
        { url: this.url },
      );
    }
    const meta = checkMeta(encoded, "residual_stream");
    let tensor;
    if (meta.transport === "binary" || meta.handle !== undefined) {
      if (typeof meta.handle !== "string" || !/^[A-Za-z0-9_-]+$/.test(meta.handle))
        throw new BackendError("BACKEND_PROTOCOL", `vllm-lens sent an activation handle Limbic cannot use.`, { url: this.url });
      const response = await this.http.request("GET", `/v1/activations/${meta.handle}`, undefined, signal);
      if (response.status === 404)
        throw new BackendError(
          "RESPONSE_TRUNCATED",
          `The activations of a request expired before Limbic fetched them (vllm-lens keeps them 300 s). Retry with fewer requests in flight.`,
          { url: this.url },
        );
      if (response.status < 200 || response.status >= 300) throw this.http.statusError(response, "/v1/activations");
      if (meta.nbytes !== undefined && response.body.length !== meta.nbytes) {
        throw new BackendError(
          "RESPONSE_TRUNCATED",
          `An activation payload arrived with ${response.body.length} of ${meta.nbytes} bytes; it was cut short. Retry the request.`,
          { url: this.url },
        );
      }
      tensor = decodeTensorBytes(response.body, meta);
    } else {
      tensor = decodeBase64Tensor(meta, "residual_stream");
    }
    const [nLayers, nPos, nEmbd] = tensor.shape;
    const layers = asked === "all" ? Array.from({ length: nLayers ?? 0 }, (_, i) => i) : asked;
    if (tensor.shape.length !== 3 || nLayers !== layers.length) {
      throw new BackendError(
        "BACKEND_PROTOCOL",
        `vllm-lens returned activations of shape [${tensor.shape.join(", ")}] for ${layers.length} requested layers (${layers.join(", ")}); a layer the server does not have is silently left out.`,
        { url: this.url, shape: tensor.shape },
      );
    }
    if (nPos !== positions) {
      throw new BackendError(
        "RESPONSE_TRUNCATED",
        `vllm-lens returned ${nPos} positions where the request has ${positions}; the capture is incomplete. Retry the request.`,
        { url: this.url, positions: nPos, expected: positions },
      );
    }
    return { layers: [...layers].sort((a, b) => a - b), positions: nPos!, nEmbd: nEmbd!, data: tensor.data };
  }
}
