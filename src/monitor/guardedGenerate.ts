/** Generation watched by a guard: readouts on every token, rules that flag, counter-steer or halt. */
import type { LanguageModel } from "../engine/languageModel.js";
import type { GenerateOptions } from "../engine/contract.js";
import type { GenerationHandle } from "../engine/languageModel.js";
import type { TokenEvent } from "../engine/contract.js";
import type { VectorSet } from "../vectors/vectorSet.js";
import { assertCompatible } from "../vectors/vectorSet.js";
import { openReader } from "../vectors/reader.js";
import { Guard, guardEmotions, parseGuardRule, type GuardEvent } from "./guard.js";

export interface GuardOptions {
  /** Rules such as "desperate>2.5 for 3 tokens:steer calm=0.05". */
  rules?: readonly string[];
  /** Emotions read on every token besides those the rules name. */
  watch?: readonly string[];
  /** Every token with its readouts (z per watched emotion). */
  onReadout?: (event: TokenEvent, values: Record<string, number>) => void;
  onGuardEvent?: (event: GuardEvent) => void;
}

export async function generateWithGuard(
  model: LanguageModel,
  set: VectorSet,
  options: GenerateOptions,
  guardOptions: GuardOptions,
): Promise<{ generation: GenerationHandle; guard: Guard }> {
  assertCompatible(set, model, { allowOtherHash: true });
  const layer = set.manifest.default_layer;
  const rules = (guardOptions.rules ?? []).map((r) => parseGuardRule(r, set.manifest.emotions));
  for (const w of guardOptions.watch ?? []) parseGuardRule(`${w}>0:flag`, set.manifest.emotions); // same unknown-emotion message
  const watch = guardOptions.watch ?? [];
  const reader = await openReader(model, set, { layer, emotions: guardEmotions(rules, watch) });
  const guard = new Guard(set, reader, rules, watch);
  if (guardOptions.onGuardEvent) guard.onEvent(guardOptions.onGuardEvent);
  const base = options.steering ?? [];
  // The generation object exists before its first token arrives (the run starts asynchronously).
  let generation: GenerationHandle | undefined;
  const host = {
    setSteering: (steering: readonly import("../engine/steering.js").SteeringAddition[] | null) => generation!.setSteering([...base, ...(steering ?? [])]),
  };
  generation = model.generate({
    ...options,
    captureLayers: [...new Set([...(options.captureLayers ?? []), layer])],
    onToken: (event, control) => {
      const values = guard.observe(event, control, host);
      guardOptions.onReadout?.(event, values);
      options.onToken?.(event, control);
    },
  });
  return { generation, guard };
}
