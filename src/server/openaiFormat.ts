/**
 * Response objects in the OpenAI shapes (chat.completion, chat.completion.chunk,
 * text_completion), with Limbic's `limbic` object beside the standard fields.
 */
import type { FinishReason } from "../engine/contract.js";
import type { Release } from "./choiceStream.js";
import type { GenerationPlan } from "./requests.js";
import type { ChoiceOutcome } from "./runGeneration.js";
import type { CompletionChunkWire, LimbicReply } from "./wire.js";

export type { LimbicReply } from "./wire.js";

export interface ResponseContext {
  id: string;
  created: number;
  model: string;
  plan: GenerationPlan;
}

/** A guard halt is a normal end as far as OpenAI clients go; `limbic.finish` says why. */
export function openAIFinishReason(reason: FinishReason): "stop" | "length" {
  return reason === "length" ? "length" : "stop";
}

function limbicFinish(outcome: ChoiceOutcome): NonNullable<LimbicReply["finish"]> {
  return { reason: outcome.finishReason, ...(outcome.haltedBy ? { halted_by: outcome.haltedBy } : {}) };
}

/** Prompt tokens count once per prompt (not per choice), as OpenAI counts them. */
function usageFor(ctx: ResponseContext, outcomes: ChoiceOutcome[]) {
  const promptTokens = ctx.plan.prompts.reduce((a, p) => a + p.length, 0);
  const completionTokens = outcomes.reduce((a, o) => a + o.completionTokens, 0);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function limbicOf(outcome: ChoiceOutcome): LimbicReply {
  return { tokens: outcome.tokens, guard_events: outcome.guardEvents, finish: limbicFinish(outcome) };
}

/** The whole reply of a request that did not stream. */
export function completeResponse(ctx: ResponseContext, outcomes: ChoiceOutcome[]): Record<string, unknown> {
  const withLimbic = ctx.plan.limbic !== null;
  const several = outcomes.length > 1;
  const choices = outcomes.map((o) => {
    const perChoice = withLimbic && several ? { limbic: limbicOf(o) } : {};
    return ctx.plan.endpoint === "chat"
      ? {
          index: o.index,
          message: { role: "assistant", content: o.text, refusal: null },
          logprobs: null,
          finish_reason: openAIFinishReason(o.finishReason),
          ...perChoice,
        }
      : { index: o.index, text: o.text, logprobs: null, finish_reason: openAIFinishReason(o.finishReason), ...perChoice };
  });
  return {
    id: ctx.id,
    object: ctx.plan.endpoint === "chat" ? "chat.completion" : "text_completion",
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: null,
    choices,
    usage: usageFor(ctx, outcomes),
    // The first choice's telemetry at the top (every choice's is inside its choice when there are several).
    ...(withLimbic ? { limbic: limbicOf(outcomes[0]!) } : {}),
  };
}

function chunkEnvelope(ctx: ResponseContext, choices: CompletionChunkWire["choices"], limbic?: LimbicReply): CompletionChunkWire {
  return {
    id: ctx.id,
    object: ctx.plan.endpoint === "chat" ? "chat.completion.chunk" : "text_completion",
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: null,
    choices,
    ...(limbic && ctx.plan.limbic !== null ? { limbic } : {}),
  };
}

/** The opening chunk of a streamed chat choice (its role). */
export function roleChunk(ctx: ResponseContext, index: number): CompletionChunkWire {
  return chunkEnvelope(ctx, [{ index, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }], { tokens: [], guard_events: [] });
}

/** A chunk carrying newly released content, its tokens' telemetry and guard events. */
export function releaseChunk(ctx: ResponseContext, index: number, release: Release): CompletionChunkWire {
  const choice =
    ctx.plan.endpoint === "chat"
      ? { index, delta: release.content ? { content: release.content } : {}, logprobs: null, finish_reason: null }
      : { index, text: release.content, logprobs: null, finish_reason: null };
  return chunkEnvelope(ctx, [choice], { tokens: release.tokens, guard_events: release.guardEvents });
}

/** The last chunk of a choice: its finish reason, and in `limbic.finish` Limbic's own. */
export function finishChunk(ctx: ResponseContext, outcome: ChoiceOutcome): CompletionChunkWire {
  const reason = openAIFinishReason(outcome.finishReason);
  const choice =
    ctx.plan.endpoint === "chat"
      ? { index: outcome.index, delta: {}, logprobs: null, finish_reason: reason }
      : { index: outcome.index, text: "", logprobs: null, finish_reason: reason };
  return chunkEnvelope(ctx, [choice], { tokens: [], guard_events: [], finish: limbicFinish(outcome) });
}

/** The usage chunk streamed last when stream_options.include_usage is set. */
export function usageChunk(ctx: ResponseContext, outcomes: ChoiceOutcome[]): CompletionChunkWire {
  return { ...chunkEnvelope(ctx, []), usage: usageFor(ctx, outcomes) };
}
