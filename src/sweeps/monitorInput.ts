/**
 * A sweep run as input to the monitor evaluation: its rollouts labelled by the run's verdicts
 * (the target outcome against "other"), half of each label to dev and half to test, and, when
 * every rollout stored per-token series of the asked emotions for its graded (last) turn, those
 * series, so the evaluation needs no model and no re-trace.
 */
import type { LabelledTranscript } from "../monitor/monitorEvalTypes.js";
import type { SeriesTranscript } from "../monitor/monitorEval.js";
import { stratifiedSplits } from "../monitor/splits.js";
import type { RolloutRecord, RunRecord, RunStore } from "./runStore.js";

export interface RunMonitorInput {
  run: RunRecord;
  /** Every rollout, labelled and split. */
  items: LabelledTranscript[];
  splitRule: string;
  /** The graded turns' stored series, or null when some rollout lacks them (then trace `items` instead). */
  stored: SeriesTranscript[] | null;
  /** Why the stored series cannot be used (null when they can). */
  whyNotStored: string | null;
}

export interface RunMonitorOptions {
  /** Seeds the split. */
  seed: number;
  /** Content id of the vector set the caller evaluates with; stored series read with another set are not used. */
  vectorSetId?: string;
}

/** The graded turn's stored series of the emotions, or null when any is missing or the action's place was not stored. */
function storedTurn(rollout: RolloutRecord, emotions: readonly string[]): SeriesTranscript["turn"] | null {
  const last = rollout.turns[rollout.turns.length - 1];
  if (!last?.series || last.actionToken === undefined) return null;
  const series: Record<string, number[]> = {};
  for (const emotion of emotions) {
    const values = last.series[emotion];
    if (!values?.length) return null;
    series[emotion] = values;
  }
  return { series, actionToken: last.actionToken };
}

export function runMonitorInput(store: RunStore, runId: string, emotions: readonly string[], options: RunMonitorOptions): RunMonitorInput {
  const run = store.requireRun(runId);
  const rollouts = store.rollouts(run.id);
  const labelled = rollouts.map((r) => ({ id: `${r.vector}-${r.strength}-${r.sample}`, label: r.target ? r.outcome : "other", messages: r.messages }));
  const splits = stratifiedSplits(labelled, options.seed);
  const items: LabelledTranscript[] = labelled.map((item, i) => ({ ...item, split: splits[i]! }));
  const splitRule = `half of each label to dev and test, shuffled with seed ${options.seed}`;
  const turns = rollouts.map((r) => storedTurn(r, emotions));
  const missing = turns.filter((t) => t === null).length;
  let whyNotStored: string | null = null;
  if (options.vectorSetId && run.vectorSetId && run.vectorSetId !== options.vectorSetId)
    whyNotStored = `run ${run.id} read its series with vector set ${run.vectorSet}, not the one given`;
  else if (missing > 0)
    whyNotStored = `${missing} of ${rollouts.length} rollouts stored no per-token series of ${emotions.join(", ")} (with the action's place) for their graded turn`;
  return { run, items, splitRule, stored: whyNotStored ? null : items.map((item, i) => ({ item, turn: turns[i]! })), whyNotStored };
}
