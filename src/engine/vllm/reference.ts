/**
 * Model references for the vLLM backend: `vllm+http://host:port/<served-model>` (or https),
 * or the parsed options that `--backend vllm --url … --served-model … --api-key …` give.
 */
import { InvalidInputError } from "../../errors.js";

export interface VllmTarget {
  backend: "vllm";
  /** Server base URL without a trailing slash or /v1, e.g. http://127.0.0.1:8000. */
  url: string;
  /** The model name the server serves (its --served-model-name). */
  servedModel: string;
  /** Sent as "Authorization: Bearer <key>" (vLLM's --api-key). */
  apiKey?: string;
}

const schemePattern = /^vllm\+(https?):\/\/(.+)$/i;

export function isVllmReference(reference: string): boolean {
  return schemePattern.test(reference.trim());
}

/** Parses `vllm+http://host:port/<model-name>`; the model name may contain slashes (org/name). */
export function parseVllmReference(reference: string, apiKey?: string): VllmTarget {
  const match = schemePattern.exec(reference.trim());
  if (!match)
    throw new InvalidInputError("INVALID_ARGUMENT", `"${reference}" is not a vLLM model reference; write vllm+http://host:port/<served-model-name>.`, {
      reference,
    });
  let parsed: URL;
  try {
    parsed = new URL(`${match[1]!.toLowerCase()}://${match[2]!}`);
  } catch {
    throw new InvalidInputError("INVALID_ARGUMENT", `"${reference}" has no valid host after vllm+http://; write vllm+http://host:port/<served-model-name>.`, {
      reference,
    });
  }
  const servedModel = decodeURIComponent(parsed.pathname.replace(/^\/+/, "").replace(/\/+$/, ""));
  if (!servedModel)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `"${reference}" names no model; write vllm+http://${parsed.host}/<served-model-name> (the server's --served-model-name).`,
      { reference },
    );
  if (parsed.search || parsed.hash)
    throw new InvalidInputError("INVALID_ARGUMENT", `"${reference}" has a query or fragment; a vLLM reference is vllm+http://host:port/<served-model-name>.`, {
      reference,
    });
  return vllmTarget({ url: `${parsed.protocol}//${parsed.host}`, servedModel, ...(apiKey !== undefined ? { apiKey } : {}) });
}

/** Checks the parts of a target given as separate options (CLI flags or the API). */
export function vllmTarget(options: { url: string; servedModel: string; apiKey?: string }): VllmTarget {
  const { url, servedModel, apiKey } = options;
  if (typeof url !== "string" || url.trim() === "")
    throw new InvalidInputError("INVALID_ARGUMENT", "The vLLM backend needs the server's URL (--url http://host:port).");
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new InvalidInputError("INVALID_ARGUMENT", `--url "${url}" is not a URL; write http://host:port.`, { url });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new InvalidInputError("INVALID_ARGUMENT", `--url "${url}" must start with http:// or https://.`, { url });
  const base = `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "").replace(/\/v1$/, "")}`;
  if (typeof servedModel !== "string" || servedModel.trim() === "")
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      "The vLLM backend needs the served model's name (--served-model NAME, as the server's --served-model-name).",
    );
  if (apiKey !== undefined && (typeof apiKey !== "string" || apiKey === "" || /[\r\n]/.test(apiKey)))
    throw new InvalidInputError("INVALID_ARGUMENT", "--api-key must be a non-empty single-line string.");
  return { backend: "vllm", url: base, servedModel: servedModel.trim(), ...(apiKey !== undefined ? { apiKey } : {}) };
}

/** The backend flags every command takes (phase 2 wires them onto the CLI). */
export interface BackendFlags {
  backend?: string;
  url?: string;
  servedModel?: string;
  apiKey?: string;
}

/**
 * Decides the backend from a model argument and flags: a `vllm+http://` reference or
 * `--backend vllm` selects vLLM (the flags then give url and model); anything else is a GGUF
 * path or download reference for llama.cpp. Conflicting flags are refused before any work.
 */
export function resolveBackend(model: string | undefined, flags: BackendFlags): { backend: "llama.cpp"; model: string } | VllmTarget {
  const backend = flags.backend ?? (model !== undefined && isVllmReference(model) ? "vllm" : "llama.cpp");
  if (backend !== "vllm" && backend !== "llama.cpp")
    throw new InvalidInputError("INVALID_ARGUMENT", `--backend must be "llama.cpp" or "vllm", not "${backend}".`);
  if (backend === "llama.cpp") {
    const stray = (["url", "servedModel", "apiKey"] as const).filter((k) => flags[k] !== undefined);
    if (stray.length)
      throw new InvalidInputError("INVALID_ARGUMENT", `${stray.map(flagName).join(", ")} only appl${stray.length === 1 ? "ies" : "y"} with --backend vllm.`);
    if (!model) throw new InvalidInputError("INVALID_ARGUMENT", "Give a model: a .gguf path, an hf: reference, or vllm+http://host:port/<model>.");
    return { backend: "llama.cpp", model };
  }
  if (model !== undefined && isVllmReference(model)) {
    if (flags.url !== undefined || flags.servedModel !== undefined)
      throw new InvalidInputError("INVALID_ARGUMENT", `Give the server either as ${model} or with --url/--served-model, not both.`);
    return parseVllmReference(model, flags.apiKey);
  }
  if (model !== undefined && flags.servedModel !== undefined && model !== flags.servedModel) {
    throw new InvalidInputError("INVALID_ARGUMENT", `The model argument "${model}" and --served-model "${flags.servedModel}" disagree; give one.`);
  }
  return vllmTarget({ url: flags.url ?? "", servedModel: flags.servedModel ?? model ?? "", ...(flags.apiKey !== undefined ? { apiKey: flags.apiKey } : {}) });
}

function flagName(key: "url" | "servedModel" | "apiKey"): string {
  return { url: "--url", servedModel: "--served-model", apiKey: "--api-key" }[key];
}

/** The reference Limbic records for a target (never includes the API key). */
export function formatVllmReference(target: VllmTarget): string {
  const url = new URL(target.url);
  return `vllm+${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}/${target.servedModel}`;
}
