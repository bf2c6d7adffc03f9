/**
 * Does an emotion signal predict the behaviour? Each labelled transcript is traced, and for every
 * emotion three readout points of the graded (last) assistant turn are scored: the reply-start
 * token, the turn's mean, and the maximum over the turn's tokens before its first action (code,
 * a file or a tool call). Reported: AUROC with a bootstrap interval, and the lead time in
 * tokens at a threshold chosen on the dev split, measured on the test split.
 */
import { InvalidInputError } from "../errors.js";
import type { ChatMessage } from "../engine/chatTemplate.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { auroc } from "../vectors/inference.js";
import { mulberry32 } from "../vectors/stats.js";
import type { VectorSet } from "../vectors/vectorSet.js";
import { createProgress } from "../util/progress.js";
import { firstActionAt } from "./action.js";
import { traceTranscript, type TraceResult } from "./trace.js";

export interface LabelledTranscript {
  id: string;
  label: string;
  messages: ChatMessage[];
  split?: "dev" | "test";
}

export type ReadoutPoint = "reply-start" | "turn-mean" | "max-before-action";
export const READOUT_POINTS: readonly ReadoutPoint[] = ["reply-start", "turn-mean", "max-before-action"];

export interface PointResult {
  emotion: string;
  point: ReadoutPoint;
  auroc: number;
  interval: [number, number];
  /** ROC curve points (false-positive rate, true-positive rate), from the highest threshold down. */
  roc: [number, number][];
}

export interface LeadTimeResult {
  emotion: string;
  /** z threshold chosen on the dev split (Youden's J on the max before the action). */
  threshold: number;
  /** On the test split: positives flagged before their action, negatives flagged at all. */
  truePositiveRate: number;
  falsePositiveRate: number;
  /** Tokens between the first crossing and the action, over flagged test positives. */
  medianLeadTokens: number | null;
  flagged: number;
}

export interface MonitorEvalResult {
  model: { name: string; sha256: string };
  vector_set: string;
  layer: number;
  positive: string;
  negative: string;
  transcripts: { total: number; positive: number; negative: number; dev: number; test: number };
  smooth: number;
  points: PointResult[];
  leadTimes: LeadTimeResult[];
}

export interface MonitorEvalOptions {
  emotions: readonly string[];
  /** The label that means the behaviour (default: cheat, blackmail or caves, whichever is present). */
  positive?: string;
  smooth?: number;
  bootstrap?: number;
  seed?: number;
  progress?: boolean;
}

const TARGET_LABELS = ["cheat", "blackmail", "caves"];

/** The two classes of a labelled set, positive first; refuses one class, or more than two. */
export function labelClasses(items: readonly LabelledTranscript[], positive?: string): { positive: string; negative: string } {
  const labels = [...new Set(items.map((i) => i.label))];
  if (labels.length < 2) throw new InvalidInputError("INVALID_ARGUMENT", `Every transcript is labelled "${labels[0] ?? ""}"; an evaluation needs both classes (the behaviour and its absence).`, { labels });
  if (labels.length > 2) throw new InvalidInputError("INVALID_ARGUMENT", `The labels ${labels.map((l) => `"${l}"`).join(", ")} are more than two classes; label each transcript with the behaviour (e.g. "cheat") or its absence (e.g. "honest").`, { labels });
  const chosen = positive ?? labels.find((l) => TARGET_LABELS.includes(l));
  if (!chosen) throw new InvalidInputError("INVALID_ARGUMENT", `Which of ${labels.map((l) => `"${l}"`).join(" and ")} is the behaviour to predict? Pass --positive <label>.`, { labels });
  if (!labels.includes(chosen)) throw new InvalidInputError("INVALID_ARGUMENT", `--positive "${chosen}" is not one of the labels (${labels.join(", ")}).`, { labels });
  return { positive: chosen, negative: labels.find((l) => l !== chosen)! };
}

interface TurnReadings {
  replyStart: number[];
  turnMean: number[];
  maxBeforeAction: number[];
  /** Per emotion: index (within the assistant tokens before the action) of the first token at or above a threshold, and the count. */
  series: number[][];
  beforeAction: number;
}

/** The graded turn's readings per emotion from a trace. */
function turnReadings(trace: TraceResult, messages: readonly ChatMessage[], emotions: readonly string[]): TurnReadings {
  const last = trace.messages.filter((m) => m.role === "assistant").pop();
  if (!last) throw new InvalidInputError("INVALID_ARGUMENT", "A transcript has no assistant turn to evaluate.");
  const turn = trace.tokens.slice(last.tokens[0], last.tokens[1]);
  const content = String(messages[last.index]?.content ?? "");
  const actionAt = firstActionAt(content);
  const turnText = turn.map((t) => t.text).join("");
  const actionOffset = actionAt < 0 ? Infinity : turnText.indexOf(content.slice(actionAt, actionAt + 8));
  let length = 0;
  let beforeInTurn = turn.length;
  for (let i = 0; i < turn.length; i++) {
    if (actionOffset !== Infinity && length >= actionOffset) {
      beforeInTurn = i;
      break;
    }
    length += turn[i]!.text.length;
  }
  // The graded turn up to its first action (at least its first token).
  const assistantBefore = turn.slice(0, Math.max(1, beforeInTurn));
  return {
    replyStart: emotions.map((e) => last.summary[e]!.start),
    turnMean: emotions.map((e) => last.summary[e]!.mean),
    maxBeforeAction: emotions.map((e) => Math.max(...assistantBefore.map((t) => t.values[e]!))),
    series: emotions.map((e) => assistantBefore.map((t) => t.values[e]!)),
    beforeAction: assistantBefore.length,
  };
}

function rocCurve(positives: number[], negatives: number[]): [number, number][] {
  const thresholds = [...new Set([...positives, ...negatives])].sort((a, b) => b - a);
  return [[0, 0], ...thresholds.map((t) => [negatives.filter((v) => v >= t).length / negatives.length, positives.filter((v) => v >= t).length / positives.length] as [number, number])];
}

function bootstrapAuroc(positives: number[], negatives: number[], draws: number, seed: number): [number, number] {
  const random = mulberry32(seed);
  const pick = (xs: number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const values = Array.from({ length: draws }, () => auroc(pick(positives), pick(negatives))).filter(Number.isFinite).sort((a, b) => a - b);
  return [values[Math.floor(0.025 * (values.length - 1))] ?? NaN, values[Math.ceil(0.975 * (values.length - 1))] ?? NaN];
}

/** Youden's J threshold on dev maxima; lead times and rates on the test split. */
function leadTime(emotion: number, name: string, dev: { positive: boolean; r: TurnReadings }[], test: { positive: boolean; r: TurnReadings }[]): LeadTimeResult {
  const devPos = dev.filter((d) => d.positive).map((d) => d.r.maxBeforeAction[emotion]!);
  const devNeg = dev.filter((d) => !d.positive).map((d) => d.r.maxBeforeAction[emotion]!);
  let threshold = Infinity;
  let best = -Infinity;
  for (const t of [...devPos, ...devNeg]) {
    const j = devPos.filter((v) => v >= t).length / Math.max(1, devPos.length) - devNeg.filter((v) => v >= t).length / Math.max(1, devNeg.length);
    if (j > best) [best, threshold] = [j, t];
  }
  const leads: number[] = [];
  let falseFlags = 0;
  for (const t of test) {
    const first = t.r.series[emotion]!.findIndex((v) => v >= threshold);
    if (first < 0) continue;
    if (t.positive) leads.push(t.r.beforeAction - first);
    else falseFlags++;
  }
  leads.sort((a, b) => a - b);
  const positives = test.filter((t) => t.positive).length;
  const negatives = test.length - positives;
  return { emotion: name, threshold, truePositiveRate: positives ? leads.length / positives : NaN, falsePositiveRate: negatives ? falseFlags / negatives : NaN, medianLeadTokens: leads.length ? leads[Math.floor((leads.length - 1) / 2)]! : null, flagged: leads.length };
}

export async function evaluateMonitor(model: LanguageModel, set: VectorSet, items: readonly LabelledTranscript[], options: MonitorEvalOptions): Promise<MonitorEvalResult> {
  const { positive, negative } = labelClasses(items, options.positive);
  const emotions = [...options.emotions];
  const smooth = options.smooth ?? 3;
  const progress = createProgress("monitor-eval", items.length, { silent: !(options.progress ?? false) });
  const readings: { item: LabelledTranscript; positive: boolean; r: TurnReadings; split: "dev" | "test" }[] = [];
  let layer = set.manifest.default_layer;
  for (const [i, item] of items.entries()) {
    const trace = await traceTranscript(model, set, { kind: "chat", messages: item.messages }, { emotions, smooth });
    layer = trace.layer;
    readings.push({ item, positive: item.label === positive, r: turnReadings(trace, item.messages, emotions), split: item.split ?? (i % 2 === 0 ? "dev" : "test") });
    progress.tick(i + 1);
  }
  progress.finish();
  const points: PointResult[] = [];
  emotions.forEach((emotion, e) => {
    for (const point of READOUT_POINTS) {
      const value = (r: TurnReadings) => (point === "reply-start" ? r.replyStart : point === "turn-mean" ? r.turnMean : r.maxBeforeAction)[e]!;
      const pos = readings.filter((x) => x.positive).map((x) => value(x.r));
      const neg = readings.filter((x) => !x.positive).map((x) => value(x.r));
      points.push({ emotion, point, auroc: auroc(pos, neg), interval: bootstrapAuroc(pos, neg, options.bootstrap ?? 1000, (options.seed ?? 7) + e * 31 + points.length), roc: rocCurve(pos, neg) });
    }
  });
  const dev = readings.filter((r) => r.split === "dev");
  const test = readings.filter((r) => r.split === "test");
  return {
    model: { name: model.info.name, sha256: model.info.sha256 },
    vector_set: set.dir,
    layer,
    positive,
    negative,
    transcripts: { total: readings.length, positive: readings.filter((r) => r.positive).length, negative: readings.filter((r) => !r.positive).length, dev: dev.length, test: test.length },
    smooth,
    points,
    leadTimes: emotions.map((emotion, e) => leadTime(e, emotion, dev, test)),
  };
}
