/**
 * OpenAI request bodies (chat completions and completions) checked field by field and turned
 * into a generation plan: prompts already tokenized, sampling options, and the `limbic`
 * extension resolved against the served vector sets. Unknown fields are ignored.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";
import type { GenerateOptions } from "../engine/contract.js";
import type { LanguageModel } from "../engine/languageModel.js";
import type { Steering } from "../engine/steering.js";
import { MAX_TEMPERATURE } from "../engine/sampling.js";
import { checkStrength } from "../engine/strength.js";
import { replyStops } from "../engine/turnStops.js";
import { parseGuardRule } from "../monitor/guard.js";
import { parseMessages } from "../monitor/transcript.js";
import { emotionSteering } from "../vectors/vectorSet.js";
import { contextOverflow, invalidField, notFound, toHttpError } from "./httpError.js";
import type { ServerLimits } from "./limits.js";
import type { ServedVectorSet, VectorSetRegistry } from "./vectorSets.js";

/** The engine's generation options a request sets; the server always fixes length, temperature, top-p and stops. */
export type SamplingPlan = Required<Pick<GenerateOptions, "maxTokens" | "temperature" | "topP" | "stop">> & Pick<GenerateOptions, "topK" | "minP" | "seed">;

export interface LimbicPlan {
  /** The set read and steered with; null when the request asks for neither. */
  served: ServedVectorSet | null;
  steering: Steering;
  steerFrom: "prompt" | "generation";
  emotions: string[];
  guard: string[];
  /** `limbic.stop_at_turns` when given; otherwise chat replies stop at the next role line and completions do not. */
  stopAtTurns?: boolean;
}

export interface GenerationPlan {
  endpoint: "chat" | "completion";
  /** One tokenized prompt per prompt given (chat: one); each yields `n` choices. */
  prompts: Int32Array[];
  n: number;
  sampling: SamplingPlan;
  stream: boolean;
  includeUsage: boolean;
  /** null when the request carried no `limbic` object (the reply then has none either). */
  limbic: LimbicPlan | null;
}

export interface PlanContext {
  model: LanguageModel;
  modelId: string;
  sets: VectorSetRegistry;
  limits: ServerLimits;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

function numberField(body: Record<string, unknown>, key: string, min: number, max: number, fallback: number, param = key): number {
  const v = body[key];
  if (absent(v)) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max)
    throw invalidField(param, `${param} must be a number between ${min} and ${max}, not ${JSON.stringify(v)}.`);
  return v;
}

function integerField(body: Record<string, unknown>, key: string, min: number, max: number, param = key): number | undefined {
  const v = body[key];
  if (absent(v)) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min)
    throw invalidField(param, `${param} must be an integer of at least ${min}, not ${JSON.stringify(v)}.`);
  if (v > max) throw invalidField(param, `${param} is ${v}; this server allows at most ${max}.`, "value_too_large");
  return v;
}

/** The served model's id; an absent model field means it too. */
export function checkModelField(body: Record<string, unknown>, modelId: string): void {
  const model = body.model;
  if (absent(model) || model === "") return;
  if (typeof model !== "string") throw invalidField("model", "model must be a string.");
  if (model !== modelId)
    throw notFound(`The model "${model}" does not exist here; this server serves "${modelId}" (GET /v1/models).`, { code: "model_not_found", param: "model" });
}

function samplingPlan(body: Record<string, unknown>, limits: ServerLimits): SamplingPlan {
  const maxKey = absent(body.max_completion_tokens) ? "max_tokens" : "max_completion_tokens";
  const maxTokens = integerField(body, maxKey, 1, limits.maxTokens) ?? limits.defaultMaxTokens;
  const seedValue = body.seed;
  let seed: number | undefined;
  if (!absent(seedValue)) {
    if (typeof seedValue !== "number" || !Number.isSafeInteger(seedValue))
      throw invalidField("seed", `seed must be an integer, not ${JSON.stringify(seedValue)}.`);
    seed = ((seedValue % 2 ** 32) + 2 ** 32) % 2 ** 32; // any integer, folded into the sampler's 32 bits
  }
  let stop: string[] = [];
  const stopValue = body.stop;
  if (typeof stopValue === "string") stop = [stopValue];
  else if (Array.isArray(stopValue)) stop = stopValue as string[];
  else if (!absent(stopValue)) throw invalidField("stop", "stop must be a string or a list of strings.");
  if (stop.length > limits.maxStops) throw invalidField("stop", `stop has ${stop.length} strings; at most ${limits.maxStops} are allowed.`);
  if (stop.some((s) => typeof s !== "string" || s.length === 0 || s.length > 500))
    throw invalidField("stop", "Every stop string must be a non-empty string of at most 500 characters.");
  const topK = integerField(body, "top_k", 0, 100_000);
  const minP = absent(body.min_p) ? undefined : numberField(body, "min_p", 0, 1, 0);
  if (minP === 1) throw invalidField("min_p", "min_p must be below 1 (0 turns it off).");
  const topP = numberField(body, "top_p", 0, 1, 1);
  if (topP === 0) throw invalidField("top_p", "top_p must be above 0 (1 keeps every token).");
  return {
    maxTokens,
    temperature: numberField(body, "temperature", 0, MAX_TEMPERATURE, 1),
    topP,
    ...(topK !== undefined ? { topK } : {}),
    ...(minP !== undefined ? { minP } : {}),
    ...(seed !== undefined ? { seed } : {}),
    stop,
  };
}

function stringList(value: unknown, param: string, max: number): string[] {
  if (absent(value)) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.length === 0))
    throw invalidField(param, `${param} must be a list of non-empty strings.`);
  if (value.length > max) throw invalidField(param, `${param} has ${value.length} entries; at most ${max} are allowed.`);
  return [...new Set(value as string[])];
}

function limbicPlan(value: unknown, ctx: PlanContext): LimbicPlan | null {
  if (absent(value)) return null;
  if (!isObject(value)) throw invalidField("limbic", 'limbic must be an object such as {"steer": {"calm": 0.1}, "emotions": ["calm"]}.');
  const steer = value.steer;
  if (!absent(steer) && !isObject(steer)) throw invalidField("limbic.steer", 'limbic.steer must map emotions to strengths, e.g. {"calm": 0.1}.');
  const strengths = Object.entries((steer as Record<string, unknown> | undefined) ?? {});
  for (const [emotion, strength] of strengths) {
    try {
      checkStrength(strength, `limbic.steer["${emotion}"]`);
    } catch (error) {
      throw invalidField(`limbic.steer.${emotion}`, (error as Error).message);
    }
  }
  const steerFrom = absent(value.steer_from) ? "prompt" : value.steer_from;
  if (steerFrom !== "prompt" && steerFrom !== "generation")
    throw invalidField("limbic.steer_from", `limbic.steer_from must be "prompt" or "generation", not ${JSON.stringify(steerFrom)}.`);
  const emotions = stringList(value.emotions, "limbic.emotions", ctx.limits.maxEmotions);
  const guard = stringList(value.guard, "limbic.guard", ctx.limits.maxGuardRules);
  const stopAtTurns = value.stop_at_turns;
  if (!absent(stopAtTurns) && typeof stopAtTurns !== "boolean")
    throw invalidField("limbic.stop_at_turns", `limbic.stop_at_turns must be true or false, not ${JSON.stringify(stopAtTurns)}.`);
  const turns = typeof stopAtTurns === "boolean" ? { stopAtTurns } : {};
  const needsSet = strengths.length > 0 || emotions.length > 0 || guard.length > 0 || !absent(value.vector_set);
  if (!needsSet) return { served: null, steering: [], steerFrom, emotions, guard, ...turns };
  const served = ctx.sets.get(value.vector_set, "limbic.vector_set");
  ctx.sets.checkEmotions(
    served,
    strengths.map(([e]) => e),
    "limbic.steer",
  );
  ctx.sets.checkEmotions(served, emotions, "limbic.emotions");
  for (const rule of guard) {
    try {
      parseGuardRule(rule, served.set.manifest.emotions);
    } catch (error) {
      throw toHttpError(error, "limbic.guard");
    }
  }
  let steering: Steering;
  try {
    steering = strengths.filter(([, s]) => s !== 0).map(([emotion, strength]) => emotionSteering(served.set, emotion, strength as number));
    ctx.model.steeringBuffer(steering); // layer and width checks now, as a 400
  } catch (error) {
    throw toHttpError(error, "limbic.steer");
  }
  return { served, steering, steerFrom, emotions, guard, ...turns };
}

function checkPromptLength(tokens: Int32Array, ctx: PlanContext, param: string): Int32Array {
  if (tokens.length >= ctx.model.info.contextLength) {
    throw contextOverflow(
      `The prompt has ${tokens.length} tokens; this model's context holds ${ctx.model.info.contextLength} including the reply. Shorten it.`,
      param,
    );
  }
  return tokens;
}

export function chatMessages(body: Record<string, unknown>, limits: ServerLimits): ChatMessage[] {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw invalidField("messages", "messages must be a non-empty list of {role, content} objects.");
  if (messages.length > limits.maxMessages)
    throw invalidField("messages", `messages has ${messages.length} entries; this server accepts at most ${limits.maxMessages}.`, "too_many_messages");
  // Newer clients send the system prompt as role "developer".
  const normalized = messages.map((m) => (isObject(m) && m.role === "developer" ? { ...m, role: "system" } : m));
  try {
    return parseMessages(normalized, "request");
  } catch (error) {
    throw toHttpError(error, "messages");
  }
}

async function completionPrompts(body: Record<string, unknown>, ctx: PlanContext): Promise<Int32Array[]> {
  const prompt = body.prompt;
  const fromTokens = (list: unknown[], param: string) => {
    if (list.length === 0 || list.some((t) => typeof t !== "number" || !Number.isInteger(t) || t < 0 || t >= ctx.model.info.nVocab)) {
      throw invalidField(param, `${param} must be a non-empty list of token ids below ${ctx.model.info.nVocab}.`);
    }
    return Int32Array.from(list as number[]);
  };
  const fromText = (text: string, param: string) => {
    if (text.length === 0) throw invalidField(param, `${param} is empty; give at least one character.`);
    return ctx.model.tokenizePrompt(text);
  };
  let prompts: Int32Array[];
  if (typeof prompt === "string") prompts = [await fromText(prompt, "prompt")];
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === "string"))
    prompts = await Promise.all((prompt as string[]).map((p, i) => fromText(p, `prompt[${i}]`)));
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === "number")) prompts = [fromTokens(prompt, "prompt")];
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every(Array.isArray))
    prompts = (prompt as unknown[][]).map((p, i) => fromTokens(p, `prompt[${i}]`));
  else throw invalidField("prompt", "prompt must be a string, a list of strings, a list of token ids, or a list of such lists.");
  return prompts.map((p, i) => checkPromptLength(p, ctx, prompts.length > 1 ? `prompt[${i}]` : "prompt"));
}

export async function planGeneration(endpoint: "chat" | "completion", body: Record<string, unknown>, ctx: PlanContext): Promise<GenerationPlan> {
  checkModelField(body, ctx.modelId);
  let prompts: Int32Array[];
  if (endpoint === "chat") {
    const messages = chatMessages(body, ctx.limits);
    let text: string;
    try {
      text = (await ctx.model.applyChatTemplate(messages)).text;
    } catch (error) {
      throw toHttpError(error, "messages");
    }
    prompts = [checkPromptLength(await ctx.model.tokenizePrompt(text), ctx, "messages")];
  } else {
    prompts = await completionPrompts(body, ctx);
  }
  const n = integerField(body, "n", 1, ctx.limits.maxChoices) ?? 1;
  if (n * prompts.length > ctx.limits.maxChoices)
    throw invalidField(
      "n",
      `${prompts.length} prompts x n=${n} makes ${n * prompts.length} choices; at most ${ctx.limits.maxChoices} are allowed.`,
      "value_too_large",
    );
  const stream = body.stream;
  if (!absent(stream) && typeof stream !== "boolean") throw invalidField("stream", "stream must be true or false.");
  const streamOptions = body.stream_options;
  const limbic = limbicPlan(body.limbic, ctx);
  if (limbic && limbic.guard.length > 0 && n * prompts.length > 1) {
    throw invalidField("limbic.guard", "Guard rules steer or halt one generation; use them with a single choice (n = 1, one prompt).");
  }
  const sampling = samplingPlan(body, ctx.limits);
  // A chat reply ends where the model starts the next role line ("User: …"), as the scenarios' replies do.
  sampling.stop = replyStops(sampling.stop, limbic?.stopAtTurns ?? endpoint === "chat");
  return {
    endpoint,
    prompts,
    n,
    sampling,
    stream: stream === true,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    limbic,
  };
}
