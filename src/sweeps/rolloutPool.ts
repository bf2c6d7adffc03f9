/**
 * Runs a sweep's rollouts `parallel` at a time, each turn by turn on its own: while one rollout's
 * tests run in the sandbox (episode.step), the others keep generating in the shared batch, and a
 * finished rollout's place goes to the next cell at once. On llama.cpp every generation joins one
 * continuous batch (each row steered by its own vectors), and a rollout's sequence keeps its
 * conversation between turns, so a turn reads only what was added (the feedback, not the whole
 * conversation again). A backend without a batch (a vLLM server) gets its generations side by
 * side and batches and caches them itself.
 */
import type { GenerateOptions, GenerationResult, SamplingOptions } from "../engine/contract.js";
import type { LanguageModel } from "../engine/languageModel.js";
import type { Steering } from "../engine/steering.js";
import type { Guard } from "../monitor/guard.js";
import { TURN_STOPS, type Episode } from "../scenarios/contract.js";
import type { EmotionReader } from "../vectors/reader.js";
import { sampleSeed, type Cell } from "./cells.js";
import type { TurnTrace } from "./runStore.js";
import { TurnReading } from "./turnReading.js";

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

/** Tokens one episode's conversation may reach (prompt and reply) when the rollouts share a batch. */
export const EPISODE_CONTEXT = 8192;

export interface PoolSettings {
  parallel: number;
  steeringFor: (rollout: ActiveRollout) => Steering;
  reader: EmotionReader;
  watched: readonly string[];
  layer: number;
  sampling: SamplingOptions;
  signal: AbortSignal | undefined;
}

/**
 * Runs every cell to its end (or until the signal aborts: rollouts cut short are not passed to
 * `onEnd`, so a resume runs them again). Cells start in the order given.
 */
export async function runRolloutPool(
  model: LanguageModel,
  cells: readonly Cell[],
  start: (cell: Cell) => ActiveRollout,
  settings: PoolSettings,
  onEnd: (rollout: ActiveRollout) => Promise<void>,
): Promise<void> {
  const slots = Math.max(1, Math.min(cells.length, settings.parallel));
  // An episode's conversation stays far below a 32k training context; KV for 8 x 32k would take 7 GB on a 1.5B model.
  const tokensPerSequence = Math.min(model.info.contextLength, EPISODE_CONTEXT);
  const batch = model.continuousBatch?.({ maxSequences: slots, maxQueued: slots, tokensPerSequence });
  const turnSettings = { ...settings, contextLength: batch ? tokensPerSequence : model.info.contextLength };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cells.length && !settings.signal?.aborted) {
      const index = next++;
      const rollout = start(cells[index]!);
      // Each turn resends the conversation; the batch keeps the rollout's rows and reads only the new turn.
      const cacheKey = `rollout-${index}`;
      const generate = (request: GenerateOptions): Promise<GenerationResult> => (batch ?? model).generate({ ...request, cacheKey }).result;
      try {
        const finished = await advance(model, generate, rollout, turnSettings);
        if (finished) await onEnd(rollout);
      } finally {
        batch?.forget(cacheKey);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: slots }, worker));
  } finally {
    await batch?.close();
  }
}

/** Plays one rollout turn by turn; false when the signal cut it short. */
async function advance(
  model: LanguageModel,
  generate: (request: GenerateOptions) => Promise<GenerationResult>,
  rollout: ActiveRollout,
  settings: PoolSettings & { contextLength: number },
): Promise<boolean> {
  for (let turn = 0; !rollout.episode.done; turn++) {
    if (settings.signal?.aborted) return false;
    const tools = rollout.episode.tools;
    const prompt = await model.tokenizePrompt((await model.applyChatTemplate(rollout.episode.messages, tools ? { tools } : {})).text);
    const room = settings.contextLength - prompt.length - 1;
    if (room < 8) {
      rollout.contextFull = true;
      return true;
    }
    const reading = new TurnReading(settings.watched);
    const result = await generate({
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
        reading.add(
          event.text,
          settings.reader.read(row).map((r) => r.z),
        );
      },
    });
    if (settings.signal?.aborted) return false;
    rollout.turns.push(reading.trace());
    rollout.generatedTokens += result.tokens.length;
    if (result.finishReason === "halt") {
      rollout.halted = { turn, reason: result.haltReason ?? "guard" };
      return true;
    }
    await rollout.episode.step(result.text);
  }
  return true;
}
