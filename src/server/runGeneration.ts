/**
 * Runs a generation plan on the model. One choice: the monitor's guarded generation (readout,
 * guard rules) or a plain one. Several choices: one batch (they share the request's steering,
 * so one context), read token by token with the set's reader. Each choice's output goes
 * out through a ChoiceStream as it is produced.
 */
import type { FinishReason } from "../engine/contract.js";
import type { LanguageModel } from "../engine/languageModel.js";
import type { GenerateOptions } from "../engine/contract.js";
import type { GuardEvent } from "../monitor/guard.js";
import { generateWithGuard } from "../monitor/guardedGenerate.js";
import { ChoiceStream, type Release, type TelemetryToken } from "./choiceStream.js";
import type { GenerationPlan } from "./requests.js";

export interface ChoiceOutcome {
  index: number;
  text: string;
  finishReason: FinishReason;
  /** The guard rule that halted the generation. */
  haltedBy?: string;
  promptTokens: number;
  completionTokens: number;
  tokens: TelemetryToken[];
  guardEvents: GuardEvent[];
}

/** Called whenever a choice has something to send (content, telemetry or guard events). */
export type ReleaseListener = (choice: number, release: Release) => void;

/** Telemetry values are z-scores; four decimals are plenty and keep streamed chunks small. */
const round = (z: number) => Math.round(z * 1e4) / 1e4;

function roundValues(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([e, z]) => [e, round(z)]));
}

function collector(index: number, stops: readonly string[], listener: ReleaseListener | undefined) {
  const stream = new ChoiceStream(stops);
  const tokens: TelemetryToken[] = [];
  const guardEvents: GuardEvent[] = [];
  const deliver = (release: Release | null) => {
    if (!release || (!release.content && release.tokens.length === 0 && release.guardEvents.length === 0)) return;
    tokens.push(...release.tokens);
    guardEvents.push(...release.guardEvents);
    listener?.(index, release);
  };
  return {
    stream,
    token(tokenIndex: number, text: string, values: Record<string, number>) {
      // A request that reads no emotion (steering only, say) gets tokens without an empty `emotions`.
      stream.addToken(tokenIndex, text, Object.keys(values).length > 0 ? roundValues(values) : undefined);
      deliver(stream.take());
    },
    finish(finalText: string) {
      deliver(stream.finish(finalText));
    },
    tokens,
    guardEvents,
  };
}

export async function runGeneration(model: LanguageModel, plan: GenerationPlan, signal: AbortSignal, listener?: ReleaseListener): Promise<ChoiceOutcome[]> {
  const { sampling, limbic } = plan;
  // Seeds are set per choice below (sibling choices get consecutive ones).
  const { seed: _seed, ...unseeded } = sampling;
  const base: GenerateOptions = {
    ...unseeded,
    ...(limbic?.steering.length ? { steering: limbic.steering, steerFrom: limbic.steerFrom } : {}),
    signal,
  };
  const served = limbic?.served ?? null;
  const reads = served !== null && (limbic!.emotions.length > 0 || limbic!.guard.length > 0);
  const choices = plan.prompts.length * plan.n;

  if (choices === 1) {
    const out = collector(0, sampling.stop, listener);
    const options: GenerateOptions = { ...base, prompt: plan.prompts[0]!, ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}) };
    let haltedBy: string | undefined;
    let generation;
    if (reads) {
      const guarded = await generateWithGuard(model, served.set, options, {
        rules: limbic!.guard,
        watch: limbic!.emotions,
        onGuardEvent: (event) => out.stream.addGuardEvent(event),
        onReadout: (event, values) => out.token(event.index, event.text, values),
      });
      generation = guarded.generation;
      for await (const _ of generation); // drains the token queue; the readout callback did the work
      haltedBy = guarded.guard.events.find((e) => e.action === "halt")?.rule;
    } else {
      generation = model.generate({ ...options, onToken: (event) => out.token(event.index, event.text, {}) });
      for await (const _ of generation);
    }
    const result = await generation.result;
    out.finish(result.text);
    return [
      {
        index: 0,
        text: result.text,
        finishReason: result.finishReason,
        ...(haltedBy ? { haltedBy } : {}),
        promptTokens: result.promptTokens,
        completionTokens: result.tokens.length,
        tokens: out.tokens,
        guardEvents: out.guardEvents,
      },
    ];
  }

  // Several choices: prompt-major order, as the completions API numbers them; sibling choices get consecutive seeds.
  const reader = reads ? served.reader.select(limbic!.emotions) : null;
  const collectors = Array.from({ length: choices }, (_, i) => collector(i, sampling.stop, listener));
  const requests: GenerateOptions[] = collectors.map((out, i) => ({
    ...base,
    prompt: plan.prompts[Math.floor(i / plan.n)]!,
    ...(sampling.seed !== undefined ? { seed: (sampling.seed + (i % plan.n)) % 2 ** 32 } : {}),
    ...(reader ? { captureLayers: [reader.layer] } : {}),
    onToken: (event) => {
      const values = reader ? Object.fromEntries(reader.read(event.activations!.get(reader.layer)!).map((r, k) => [reader.emotions[k]!, r.z])) : {};
      out.token(event.index, event.text, values);
    },
  }));
  const results = await model.generateBatch(requests);
  return results.map((result, i) => {
    const out = collectors[i]!;
    out.finish(result.text);
    return {
      index: i,
      text: result.text,
      finishReason: result.finishReason,
      promptTokens: result.promptTokens,
      completionTokens: result.tokens.length,
      tokens: out.tokens,
      guardEvents: out.guardEvents,
    };
  });
}
