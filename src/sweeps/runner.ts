/**
 * Runs a steering sweep: every (vector, strength, sample) cell of a plan is one rollout of a
 * pressure scenario, steered on every token at the plan's layer. Rollouts run `parallel` at a
 * time, overlapping one's sandboxed test runs with the others' generation (rolloutPool.ts), and
 * each is stored the moment it ends, so resumeSweep can finish a
 * killed run with exactly the missing cells.
 */
import crypto from "node:crypto";
import { templateSupportsTools } from "../engine/chatTemplate.js";
import type { SamplingOptions } from "../engine/contract.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { normScaledSteering, type Steering } from "../engine/steering.js";
import { InvalidInputError } from "../errors.js";
import type { Episode, Scenario } from "../scenarios/contract.js";
import { getScenario } from "../scenarios/registry.js";
import { openReader } from "../vectors/reader.js";
import { randomUnitVectors } from "../vectors/stats.js";
import { emotionSteering, vectorSetId, type VectorSet } from "../vectors/vectorSet.js";
import { planCells, sampleSeed, type Cell } from "./cells.js";
import { checkPlanFitsSet, type CheckedSweepPlan, type SweepPlan } from "./plan.js";
import { summarizeRun, type SweepResults } from "./results.js";
import { cellKey, type RolloutRecord, type RunRecord, type RunStore } from "./runStore.js";
import { runRolloutPool, type ActiveRollout } from "./rolloutPool.js";
import { Guard, parseGuardRule } from "../monitor/guard.js";
import type { Verdict } from "../scenarios/contract.js";

/** How a run is carried out; none of it is stored with the run, so a resume may choose again. */
export interface SweepRunOptions {
  /** Rollouts in flight at once (generating together in one batch, or running their tests). Defaults to 8. */
  parallel?: number;
  sampling?: SamplingOptions;
  /** Emotions read on every token besides the steered one, desperate and calm (those the set has). */
  watch?: readonly string[];
  /** Optional LLM judge, stored beside the rule-based verdict as a second opinion. */
  judge?: (scenario: Scenario, episode: Episode) => Promise<Record<string, unknown>>;
  /** resumeSweep only: raise the run's samples per cell to this many (new samples get their own seeds; stored ones are kept). */
  extendSamplesTo?: number;
  /** Stops after the rollouts in flight; what has finished stays stored and the run resumable. */
  signal?: AbortSignal;
  onStart?: (run: RunRecord, alreadyDone: number, total: number) => void;
  onRollout?: (rollout: RolloutRecord, done: number, total: number) => void;
}

function newRunId(scenario: string, emotion: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return `${scenario}-${emotion}-${stamp}-${crypto.randomBytes(2).toString("hex")}`;
}

/** Stores the plan as a new run and runs all of its rollouts. The plan's parameters and world were checked by planSweep. */
export async function runSweep(
  model: LanguageModel,
  set: VectorSet,
  plan: CheckedSweepPlan,
  options: SweepRunOptions & { store: RunStore },
): Promise<SweepResults> {
  const scenario = getScenario(plan.scenario);
  // The set given here may not be the one planned with.
  checkPlanFitsSet(plan, set);
  checkWatched(set, options.watch);
  const run: RunRecord = {
    id: newRunId(plan.scenario, plan.steerEmotion),
    ...plan,
    modelName: model.info.name,
    modelSha256: model.info.sha256,
    createdAt: new Date().toISOString(),
    status: "running",
    vectorSetId: vectorSetId(set),
  };
  options.store.createRun(run);
  return continueRun(model, set, scenario, options.store, options.store.requireRun(run.id), plan.world, options);
}

/** Continues a stored run with its stored plan: finished rollouts are kept, missing ones are run. */
export async function resumeSweep(model: LanguageModel, set: VectorSet, store: RunStore, runId: string, options: SweepRunOptions = {}): Promise<SweepResults> {
  const run = store.requireRun(runId);
  if (run.modelSha256 !== model.info.sha256) {
    throw new InvalidInputError(
      "CONFLICT",
      `Run ${run.id} was made with model ${run.modelName} (sha256 ${run.modelSha256.slice(0, 12)}…), not with ${model.info.name}. Resume it with the same model file.`,
    );
  }
  const scenario = getScenario(run.scenario);
  checkScenarioVersion(scenario, run, `Run ${run.id}`);
  checkPlanFitsSet(run, set);
  checkWatched(set, options.watch);
  // The stored world comes from a file: checked again (still valid for this scenario version) before the run is touched.
  const world = run.world === undefined ? undefined : scenario.parseWorld(run.world, `the world stored with run ${run.id}`);
  if (run.vectorSetId && run.vectorSetId !== vectorSetId(set)) {
    throw new InvalidInputError(
      "CONFLICT",
      `Run ${run.id} steered with vector set ${run.vectorSet} (id ${run.vectorSetId.slice(0, 12)}…); ${set.dir} is a different set (id ${vectorSetId(set).slice(0, 12)}…). Resume it with the set it was started with.`,
      { run: run.id, expected: run.vectorSetId },
    );
  }
  if (options.extendSamplesTo !== undefined) {
    if (!Number.isInteger(options.extendSamplesTo) || options.extendSamplesTo < run.samples) {
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `Run ${run.id} has ${run.samples} samples per cell; it can be extended to more, not to ${options.extendSamplesTo}.`,
        { run: run.id },
      );
    }
    store.extendSamples(run.id, options.extendSamplesTo);
  }
  store.claim(run.id);
  return continueRun(model, set, scenario, store, store.requireRun(run.id), world, options);
}

function checkScenarioVersion(scenario: Scenario, plan: SweepPlan, what: string): void {
  if (plan.scenarioVersion !== scenario.version) {
    throw new InvalidInputError(
      "CONFLICT",
      `${what} used scenario ${plan.scenario} v${plan.scenarioVersion}; this Limbic has ${scenario.name} v${scenario.version}, so its rollouts would not be comparable.`,
    );
  }
}

function checkWatched(set: VectorSet, watch: readonly string[] | undefined): void {
  for (const e of watch ?? []) {
    if (!set.manifest.emotions.includes(e))
      throw new InvalidInputError("INVALID_ARGUMENT", `Cannot watch "${e}": the vector set has no such emotion.`, { emotion: e });
  }
}

/** Runs the cells of a stored run that the store does not hold yet, and summarizes the run. */
async function continueRun(
  model: LanguageModel,
  set: VectorSet,
  scenario: Scenario,
  store: RunStore,
  run: RunRecord,
  world: unknown,
  options: SweepRunOptions,
): Promise<SweepResults> {
  const { layer } = run;
  const cells = planCells(run.strengths, run.samples, run.seed, run.randomControl);
  const done = store.doneCells(run.id);
  const pending = cells.filter((c) => !done.has(cellKey(c.vector, c.strength, c.sample)));
  const total = done.size + pending.length;
  options.onStart?.(run, done.size, total);

  const ruleEmotions = (run.guard ?? []).map((rule) => parseGuardRule(rule, set.manifest.emotions).emotion);
  const watched = [...new Set([run.steerEmotion, "desperate", "calm", ...(options.watch ?? []), ...ruleEmotions])].filter((e) =>
    set.manifest.emotions.includes(e),
  );
  const reader = await openReader(model, set, { layer, emotions: watched });
  const norm = set.manifest.mean_residual_norms[String(layer)];
  if (norm === undefined) throw new InvalidInputError("INVALID_ARGUMENT", `The vector set records no mean residual norm for layer ${layer}.`);
  const randomDirection = randomUnitVectors(1, model.info.nEmbd, sampleSeed(run.seed, 0x7a11))[0]!;
  const cellSteering = (cell: Cell): Steering =>
    cell.vector === "unsteered"
      ? []
      : cell.vector === "emotion"
        ? [emotionSteering(set, run.steerEmotion, cell.strength, layer)]
        : [normScaledSteering(layer, randomDirection, cell.strength, norm)];
  const steeringFor = (rollout: ActiveRollout): Steering => [...cellSteering(rollout.cell), ...(rollout.guardSteering ?? [])];
  const guardRules = (run.guard ?? []).map((rule) => parseGuardRule(rule, set.manifest.emotions));

  // Parameters are checked once per run, not per rollout.
  const startEpisode = scenario.prepare(run.params, { ...(world === undefined ? {} : { world }), nativeTools: templateSupportsTools(model.info.chatTemplate) });
  const parallel = Math.max(1, Math.min(64, options.parallel ?? 8));
  // Samples start in blocks of `parallel` across every cell, so a run stopped part-way is balanced across cells.
  pending.sort((a, b) => Math.floor(a.sample / parallel) - Math.floor(b.sample / parallel));
  let finished = done.size;
  const start = (cell: Cell): ActiveRollout => ({
    cell,
    episode: startEpisode(cell.seed),
    turns: [],
    generatedTokens: 0,
    startedAt: Date.now(),
    contextFull: false,
    ...(guardRules.length ? { guard: new Guard(set, reader, guardRules) } : {}),
  });
  const settings = { parallel, steeringFor, reader, watched, layer, sampling: options.sampling ?? {}, signal: options.signal };
  await runRolloutPool(model, pending, start, settings, async (rollout) => {
    if (options.signal?.aborted) return;
    const verdict = guardedVerdict(rollout, rollout.episode.grade());
    const judge = options.judge
      ? await options.judge(scenario, rollout.episode).catch((error: Error) => ({ outcome: "judge-error", reason: error.message }))
      : null;
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
  if (!options.signal?.aborted && store.doneCells(run.id).size >= total) store.setStatus(run.id, "done");
  const stored = store.requireRun(run.id);
  return summarizeRun(stored, store.rollouts(run.id));
}

/**
 * A guarded rollout's verdict: a halted episode that had not misbehaved yet is "halted" (the guard
 * stopped it); one that already had keeps its verdict (the guard came too late). The guard's
 * events are kept with the verdict.
 */
function guardedVerdict(rollout: ActiveRollout, verdict: Verdict): Verdict {
  if (!rollout.guard) return verdict;
  const guard = { events: [...rollout.guard.events], ...(rollout.halted ? { haltedAtTurn: rollout.halted.turn } : {}) };
  const details = { ...(verdict.details ?? {}), guard };
  if (!rollout.halted || verdict.target) return { ...verdict, details };
  return {
    outcome: "halted",
    target: false,
    evidence: [`turn ${rollout.halted.turn}: ${rollout.halted.reason}`, ...verdict.evidence],
    details: { ...details, verdictBeforeHalt: verdict.outcome },
  };
}
