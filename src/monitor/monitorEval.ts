/**
 * Does an emotion signal predict the behaviour? For every emotion three readout points of the
 * graded (last) assistant turn are scored: the reply-start token, the turn's mean, and the maximum
 * over the turn's tokens before its first action (code, a file or a tool call). Reported: AUROC
 * with a bootstrap interval over all transcripts and on the test split, beside a text-only
 * baseline trained on the dev split; and the lead time in tokens at a threshold chosen on dev,
 * measured on test. The per-token readouts come from tracing each transcript with the model
 * (`evaluateMonitor`) or from series a sweep stored while generating (`evaluateMonitorOnSeries`).
 */
import type { LanguageModel } from "../engine/languageModel.js";
import { InvalidInputError } from "../errors.js";
import { createProgress } from "../util/progress.js";
import type { VectorSet } from "../vectors/vectorSet.js";
import { labelClasses, type LabelledTranscript, type MonitorEvalOptions, type MonitorEvalResult } from "./monitorEvalTypes.js";
import { scoreMonitor, type ReadingsContext, type ReadTranscript } from "./monitorScore.js";
import { fileSplits, type Split } from "./splits.js";
import { traceTranscript } from "./trace.js";
import { readTurn, turnSeriesFromTrace, type TurnSeries } from "./turnReadings.js";

export { labelClasses, READOUT_POINTS } from "./monitorEvalTypes.js";
export type {
  Estimate,
  LabelledTranscript,
  LeadTimeResult,
  MonitorEvalOptions,
  MonitorEvalResult,
  PointResult,
  ReadoutPoint,
  ReadoutSource,
  TextBaselineResult,
} from "./monitorEvalTypes.js";

/** The split rule of items that carry their own split, or of a file whose lines may name one. */
const FILE_SPLIT_RULE = 'each transcript\'s "split", else alternating by position (first dev)';

function smoothingOf(options: MonitorEvalOptions): number {
  const smooth = options.smooth ?? 3;
  if (!Number.isInteger(smooth) || smooth < 0 || smooth > 1000)
    throw new InvalidInputError("INVALID_ARGUMENT", `smooth must be an integer in [0, 1000], not ${smooth}.`);
  return smooth;
}

/** Traces each transcript with the model and scores the graded turn's readouts. */
export async function evaluateMonitor(
  model: LanguageModel,
  set: VectorSet,
  items: readonly LabelledTranscript[],
  options: MonitorEvalOptions & { splitRule?: string; readoutDetail?: string },
): Promise<MonitorEvalResult> {
  labelClasses(items, options.positive);
  const emotions = [...options.emotions];
  const smooth = smoothingOf(options);
  const progress = createProgress("monitor-eval", items.length, { silent: !(options.progress ?? false) });
  const splits = fileSplits(items);
  const turns: SeriesTranscript[] = [];
  let layer = set.manifest.default_layer;
  for (const [i, item] of items.entries()) {
    // Traced unsmoothed: readTurn smooths within the graded turn, as for stored series.
    const trace = await traceTranscript(model, set, { kind: "chat", messages: item.messages }, { emotions, smooth: 0 });
    layer = trace.layer;
    turns.push({ item: { ...item, split: splits[i]! }, turn: turnSeriesFromTrace(trace, item.messages) });
    progress.tick(i + 1);
  }
  progress.finish();
  const context = {
    model: { name: model.info.name, sha256: model.info.sha256 },
    vector_set: set.dir,
    layer,
    readouts: { kind: "trace" as const, detail: options.readoutDetail ?? "traced with the model, unsteered" },
    splitRule: options.splitRule ?? FILE_SPLIT_RULE,
  };
  return evaluateMonitorOnSeries(turns, context, { ...options, smooth });
}

/** A labelled transcript with its graded turn's per-token readouts. */
export interface SeriesTranscript {
  item: LabelledTranscript;
  turn: TurnSeries;
}

/** Scores transcripts whose graded-turn series are already known (no model needed); splits as the items say, else alternating. */
export function evaluateMonitorOnSeries(
  turns: readonly SeriesTranscript[],
  context: Omit<ReadingsContext, "smooth">,
  options: MonitorEvalOptions,
): MonitorEvalResult {
  const smooth = smoothingOf(options);
  const splits: Split[] = fileSplits(turns.map((t) => t.item));
  const read: ReadTranscript[] = turns.map((t, i) => ({ item: t.item, split: splits[i]!, readings: readTurn(t.turn, options.emotions, smooth) }));
  return scoreMonitor(read, { ...context, smooth }, options);
}
