/** One wave of a sweep: rollouts with the same steering advance together, one batched generation per turn. */
import type { SamplingOptions } from "../engine/contract.js";
import type { LanguageModel } from "../engine/languageModel.js";
import type { GenerateOptions } from "../engine/contract.js";
import type { Steering } from "../engine/steering.js";
import { TURN_STOPS, type Episode } from "../scenarios/contract.js";
import type { EmotionReader } from "../vectors/reader.js";
import { sampleSeed, type Cell } from "./cells.js";
import type { TurnTrace } from "./runStore.js";
import { TurnReading } from "./turnReading.js";
import type { Guard } from "../monitor/guard.js";

export interface ActiveRollout {
  cell: Cell;
  episode: Episode;
  turns: TurnTrace[];
  generatedTokens: number;
  startedAt: number;
  contextFull: boolean;
  /** The closed-loop guard watching this rollout, if the run has one. */
  guard?: Guard;
  /** Steering the guard added; it applies from the next turn on. */
  guardSteering?: Steering;
  /** Set when the guard halted a turn: the episode ends there, its unfinished reply unsent. */
  halted?: { turn: number; reason: string };
}

export interface WaveSettings {
  steeringFor: (rollout: ActiveRollout) => Steering;
  reader: EmotionReader;
  watched: readonly string[];
  layer: number;
  sampling: SamplingOptions;
  signal: AbortSignal | undefined;
}

/** Advances a wave of episodes turn by turn, one batched generation per turn; `onEnd` stores each as it ends. */
export async function runWave(
  model: LanguageModel,
  wave: ActiveRollout[],
  settings: WaveSettings,
  onEnd: (rollout: ActiveRollout) => Promise<void>,
): Promise<void> {
  let active = wave;
  for (let turn = 0; active.length > 0; turn++) {
    if (settings.signal?.aborted) return;
    const requests: GenerateOptions[] = [];
    const readings = active.map(() => new TurnReading(settings.watched));
    const runnable: ActiveRollout[] = [];
    for (const rollout of active) {
      const tools = rollout.episode.tools;
      const prompt = await model.tokenizePrompt((await model.applyChatTemplate(rollout.episode.messages, tools ? { tools } : {})).text);
      const room = model.info.contextLength - prompt.length - 1;
      if (room < 8) {
        rollout.contextFull = true;
        continue;
      }
      const slot = runnable.length;
      runnable.push(rollout);
      requests.push({
        ...settings.sampling,
        prompt,
        maxTokens: Math.min(rollout.episode.maxNewTokens, room),
        stop: [...TURN_STOPS],
        seed: sampleSeed(rollout.cell.seed, turn + 1),
        steering: settings.steeringFor(rollout),
        steerFrom: "prompt",
        captureLayers: [settings.layer],
        ...(settings.signal ? { signal: settings.signal } : {}),
        onToken: (event, control) => {
          const row = event.activations?.get(settings.layer);
          if (!row) return;
          rollout.guard?.observe(event, control, { setSteering: (steering) => (rollout.guardSteering = steering ?? []) });
          readings[slot]!.add(
            event.text,
            settings.reader.read(row).map((r) => r.z),
          );
        },
      });
    }
    const results = runnable.length ? await model.generateBatch(requests) : [];
    if (settings.signal?.aborted) return;
    await Promise.all(
      runnable.map(async (rollout, k) => {
        rollout.turns.push(readings[k]!.trace());
        rollout.generatedTokens += results[k]!.tokens.length;
        if (results[k]!.finishReason === "halt") rollout.halted = { turn, reason: results[k]!.haltReason ?? "guard" };
        else await rollout.episode.step(results[k]!.text);
      }),
    );
    const isOver = (r: ActiveRollout) => r.contextFull || r.halted !== undefined || r.episode.done;
    const ended = active.filter(isOver);
    active = active.filter((r) => !isOver(r));
    for (const rollout of ended) await onEnd(rollout);
  }
}
