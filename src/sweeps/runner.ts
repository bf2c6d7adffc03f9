/**
 * Runs a steering sweep: every (vector, strength, sample) cell is one rollout of a pressure
 * scenario, steered on every token at the vector set's layer. Rollouts with the same steering
 * advance together, one batched generation per turn, and each is stored the moment it ends.
 */
import crypto from "node:crypto";
import { templateSupportsTools } from "../engine/chatTemplate.js";
import type { SamplingOptions } from "../engine/generate.js";
import type { LanguageModel } from "../engine/languageModel.js";
import type { GenerateOptions } from "../engine/model.js";
import { normScaledSteering, type Steering } from "../engine/steering.js";
import { InvalidInputError } from "../errors.js";
import { openReader, type EmotionReader } from "../vectors/reader.js";
import { TURN_STOPS, type Episode, type ParamValue, type Scenario } from "../scenarios/contract.js";
import { getScenario } from "../scenarios/registry.js";
import { randomUnitVectors } from "../vectors/stats.js";
import { emotionSteering, type VectorSet } from "../vectors/vectorSet.js";
import { planCells, sampleSeed, type Cell } from "./plan.js";
import { summarizeRun, type SweepResults } from "./results.js";
import { cellKey, type RolloutRecord, type RunRecord, type RunStore, type TurnTrace } from "./runStore.js";

export interface SweepOptions {
  scenario: string;
  /** Scenario parameters as given on the command line (parsed and checked by the scenario). */
  params?: Record<string, string>;
  /** A world read with the scenario's loadWorld (stored with the run, so a resume uses it). */
  world?: unknown;
  steerEmotion: string;
  strengths: readonly number[];
  samples: number;
  seed?: number;
  /** Reading and steering layer; defaults to the vector set's. */
  layer?: number;
  /** Also sweep a random direction of the same norm at every non-zero strength. Defaults to true. */
  randomControl?: boolean;
  /** Rollouts advanced together in one batch. Defaults to 8. */
  parallel?: number;
  /** Emotions read on every token (the steered one, desperate and calm are always included where the set has them). */
  watch?: readonly string[];
  sampling?: SamplingOptions;
  store: RunStore;
  /** Continue this run: its stored settings win, finished rollouts are kept, missing ones are run. */
  resume?: string;
  /** Optional LLM judge, stored beside the rule-based verdict as a second opinion. */
  judge?: (scenario: Scenario, episode: Episode) => Promise<Record<string, unknown>>;
  onRollout?: (rollout: RolloutRecord, done: number, total: number) => void;
  onStart?: (run: RunRecord, alreadyDone: number, total: number) => void;
  signal?: AbortSignal;
}

interface ActiveRollout {
  cell: Cell;
  episode: Episode;
  turns: TurnTrace[];
  generatedTokens: number;
  startedAt: number;
  contextFull: boolean;
}

const MAX_SAMPLES = 100_000;

function newRunId(scenario: string, emotion: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return `${scenario}-${emotion}-${stamp}-${crypto.randomBytes(2).toString("hex")}`;
}

function checkOptions(set: VectorSet, options: SweepOptions): void {
  if (!set.manifest.emotions.includes(options.steerEmotion)) {
    throw new InvalidInputError("INVALID_ARGUMENT", `The vector set has no emotion "${options.steerEmotion}" to steer with. It has: ${set.manifest.emotions.slice(0, 20).join(", ")}${set.manifest.emotions.length > 20 ? ", …" : ""}.`, { emotion: options.steerEmotion });
  }
  if (!Number.isInteger(options.samples) || options.samples < 1 || options.samples > MAX_SAMPLES) {
    throw new InvalidInputError("INVALID_ARGUMENT", `--samples must be an integer from 1 to ${MAX_SAMPLES} (got ${options.samples}).`);
  }
  if (options.strengths.length === 0) throw new InvalidInputError("INVALID_ARGUMENT", "A sweep needs at least one strength.");
  for (const e of options.watch ?? []) {
    if (!set.manifest.emotions.includes(e)) throw new InvalidInputError("INVALID_ARGUMENT", `Cannot watch "${e}": the vector set has no such emotion.`, { emotion: e });
  }
}

function openRun(model: LanguageModel, set: VectorSet, scenario: Scenario, options: SweepOptions): RunRecord {
  if (options.resume) {
    if (options.world !== undefined) throw new InvalidInputError("INVALID_ARGUMENT", `A resumed run uses the world stored with it; drop the world (--world) to resume ${options.resume}.`);
    const run = options.store.requireRun(options.resume);
    if (run.modelSha256 !== model.info.sha256) {
      throw new InvalidInputError("INVALID_ARGUMENT", `Run ${run.id} was made with model ${run.modelName} (sha256 ${run.modelSha256.slice(0, 12)}…), not with ${model.info.name}. Resume it with the same model file.`);
    }
    if (run.scenario !== scenario.name || run.scenarioVersion !== scenario.version) {
      throw new InvalidInputError("INVALID_ARGUMENT", `Run ${run.id} used scenario ${run.scenario} v${run.scenarioVersion}; this Limbic has ${scenario.name} v${scenario.version}, so its rollouts would not be comparable.`);
    }
    return run;
  }
  const layer = options.layer ?? set.manifest.default_layer;
  if (!set.manifest.layers.includes(layer)) {
    throw new InvalidInputError("LAYER_OUT_OF_RANGE", `The vector set has no layer ${layer}; it has ${set.manifest.layers.join(", ")}.`, { layer });
  }
  const run: RunRecord = {
    id: newRunId(scenario.name, options.steerEmotion),
    scenario: scenario.name,
    scenarioVersion: scenario.version,
    modelName: model.info.name,
    modelSha256: model.info.sha256,
    vectorSet: set.dir,
    steerEmotion: options.steerEmotion,
    layer,
    strengths: [...options.strengths],
    samples: options.samples,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    params: scenario.parseParams(options.params ?? {}) as Record<string, ParamValue>,
    randomControl: options.randomControl ?? true,
    createdAt: new Date().toISOString(),
    status: "running",
    ...(options.world !== undefined ? { world: options.world } : {}),
  };
  // A world that does not fit the parameters fails here, before the run is stored.
  if (options.world !== undefined) scenario.start(run.params, run.seed, { world: options.world });
  options.store.createRun(run);
  return run;
}

export async function runSweep(model: LanguageModel, set: VectorSet, options: SweepOptions): Promise<SweepResults> {
  const scenario = getScenario(options.scenario);
  const run = openRun(model, set, scenario, options);
  checkOptions(set, { ...options, steerEmotion: run.steerEmotion, samples: run.samples, strengths: run.strengths });
  const { store } = options;
  const layer = run.layer;
  // A resumed run keeps its own plan, with or without the random control.
  const cells = planCells(run.strengths, run.samples, run.seed, run.randomControl);
  const done = store.doneCells(run.id);
  const pending = cells.filter((c) => !done.has(cellKey(c.vector, c.strength, c.sample)));
  const total = done.size + pending.length;
  options.onStart?.(run, done.size, total);

  const watched = [...new Set([run.steerEmotion, "desperate", "calm", ...(options.watch ?? [])])].filter((e) => set.manifest.emotions.includes(e));
  const reader = await openReader(model, set, { layer, emotions: watched });
  const norm = set.manifest.mean_residual_norms[String(layer)];
  if (norm === undefined) throw new InvalidInputError("INVALID_ARGUMENT", `The vector set records no mean residual norm for layer ${layer}.`);
  const randomDirection = randomUnitVectors(1, model.info.nEmbd, sampleSeed(run.seed, 0x7a11))[0]!;
  const steeringFor = (cell: Cell): Steering =>
    cell.vector === "unsteered" ? [] : cell.vector === "emotion" ? [emotionSteering(set, run.steerEmotion, cell.strength, layer)] : [normScaledSteering(layer, randomDirection, cell.strength, norm)];

  // The stored world is checked again: a resumed run must still be a valid world for this scenario version.
  const world = run.world === undefined ? undefined : scenario.parseWorld(run.world, `the world stored with run ${run.id}`);
  const startOptions = { ...(world === undefined ? {} : { world }), nativeTools: templateSupportsTools(model.info.chatTemplate) };
  const parallel = Math.max(1, Math.min(64, options.parallel ?? 8));
  let finished = done.size;
  for (let i = 0; i < pending.length; i += parallel) {
    if (options.signal?.aborted) break;
    const wave = pending.slice(i, i + parallel).map(
      (cell): ActiveRollout => ({ cell, episode: scenario.start(run.params, cell.seed, startOptions), turns: [], generatedTokens: 0, startedAt: Date.now(), contextFull: false }),
    );
    await runWave(model, wave, { steeringFor, reader, watched, layer, sampling: options.sampling ?? {}, signal: options.signal }, async (rollout) => {
      if (options.signal?.aborted) return;
      const verdict = rollout.episode.grade();
      const judge = options.judge ? await options.judge(scenario, rollout.episode).catch((error: Error) => ({ outcome: "judge-error", reason: error.message })) : null;
      const record: RolloutRecord = {
        runId: run.id,
        vector: rollout.cell.vector,
        strength: rollout.cell.strength,
        sample: rollout.cell.sample,
        seed: rollout.cell.seed,
        outcome: verdict.outcome,
        target: verdict.target,
        verdict: { ...verdict, ...(rollout.contextFull ? { contextFull: true } : {}) },
        judge,
        messages: rollout.episode.messages,
        turns: rollout.turns,
        generatedTokens: rollout.generatedTokens,
        wallMs: Date.now() - rollout.startedAt,
      };
      if (store.addRollout(record)) finished++;
      options.onRollout?.(record, finished, total);
    });
  }
  if (!options.signal?.aborted && store.doneCells(run.id).size >= total) store.setStatus(run.id, "done");
  const stored = store.requireRun(run.id);
  return summarizeRun(stored, store.rollouts(run.id));
}

interface WaveSettings {
  steeringFor: (cell: Cell) => Steering;
  reader: EmotionReader;
  watched: readonly string[];
  layer: number;
  sampling: SamplingOptions;
  signal: AbortSignal | undefined;
}

/** Advances a wave of episodes turn by turn, one batched generation per turn; `onEnd` stores each as it ends. */
async function runWave(model: LanguageModel, wave: ActiveRollout[], settings: WaveSettings, onEnd: (rollout: ActiveRollout) => Promise<void>): Promise<void> {
  let active = wave;
  for (let turn = 0; active.length > 0; turn++) {
    if (settings.signal?.aborted) return;
    const requests: GenerateOptions[] = [];
    const readings = active.map(() => ({ first: null as number[] | null, sums: new Float64Array(settings.watched.length), count: 0 }));
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
        steering: settings.steeringFor(rollout.cell),
        steerFrom: "prompt",
        captureLayers: [settings.layer],
        ...(settings.signal ? { signal: settings.signal } : {}),
        onToken: (event) => {
          const row = event.activations?.get(settings.layer);
          if (!row) return;
          const z = settings.reader.read(row).map((r) => r.z);
          const reading = readings[slot]!;
          reading.first ??= z;
          z.forEach((value, k) => (reading.sums[k] = reading.sums[k]! + value));
          reading.count++;
        },
      });
    }
    const results = runnable.length ? await model.generateBatch(requests) : [];
    if (settings.signal?.aborted) return;
    await Promise.all(
      runnable.map(async (rollout, k) => {
        const reading = readings[k]!;
        const byEmotion = (values: ArrayLike<number>, divisor: number) => Object.fromEntries(settings.watched.map((e, j) => [e, values[j]! / divisor]));
        rollout.turns.push({ start: reading.first ? byEmotion(reading.first, 1) : {}, mean: reading.count ? byEmotion(reading.sums, reading.count) : {}, tokens: reading.count });
        rollout.generatedTokens += results[k]!.tokens.length;
        await rollout.episode.step(results[k]!.text);
      }),
    );
    const ended = active.filter((r) => r.contextFull || r.episode.done);
    active = active.filter((r) => !r.contextFull && !r.episode.done);
    for (const rollout of ended) await onEnd(rollout);
  }
}
