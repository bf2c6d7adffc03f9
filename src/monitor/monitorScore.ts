/**
 * The scoring half of the monitor evaluation, a pure function of the readings: AUROC per emotion
 * and readout point over all transcripts and on the test split, a text-only baseline on the same
 * split with the monitor's margin over it (paired bootstrap), ROC curves and lead times. The trace
 * path and the stored-series path both end here.
 */
import { auroc, wilsonInterval } from "../vectors/inference.js";
import { mulberry32 } from "../vectors/stats.js";
import {
  labelClasses,
  READOUT_POINTS,
  type Estimate,
  type LabelledTranscript,
  type LeadTimeResult,
  type MonitorEvalResult,
  type PointResult,
  type ReadoutPoint,
  type ReadoutSource,
  type TextBaselineResult,
} from "./monitorEvalTypes.js";
import type { Split } from "./splits.js";
import { scoreText, textSeenAt, trainTextClassifier } from "./textBaseline.js";
import type { EmotionReadings, TurnReadings } from "./turnReadings.js";

export interface ReadTranscript {
  item: LabelledTranscript;
  split: Split;
  readings: TurnReadings;
}

export interface ReadingsContext {
  model: { name: string; sha256: string };
  vector_set: string;
  layer: number;
  smooth: number;
  readouts: ReadoutSource;
  /** How the split was made, in words. */
  splitRule: string;
}

export interface ScoreOptions {
  emotions: readonly string[];
  positive?: string;
  bootstrap?: number;
  seed?: number;
}

interface Scored {
  positive: boolean;
  split: Split;
  readings: TurnReadings;
}

/** Fewer than this many of either class gives no AUROC worth an interval. */
const MIN_PER_CLASS = 2;

function valueAt(r: EmotionReadings, point: ReadoutPoint): number {
  return point === "reply-start" ? r.replyStart : point === "turn-mean" ? r.turnMean : r.maxBeforeAction;
}

function rocCurve(positives: number[], negatives: number[]): [number, number][] {
  const thresholds = [...new Set([...positives, ...negatives])].sort((a, b) => b - a);
  return [
    [0, 0],
    ...thresholds.map(
      (t) => [negatives.filter((v) => v >= t).length / negatives.length, positives.filter((v) => v >= t).length / positives.length] as [number, number],
    ),
  ];
}

function percentileInterval(values: number[]): [number, number] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return [sorted[Math.floor(0.025 * (sorted.length - 1))] ?? NaN, sorted[Math.ceil(0.975 * (sorted.length - 1))] ?? NaN];
}

/** Resamples positives and negatives separately (each class keeps its size), the same draws for every score list given. */
function bootstrapDraws(positives: number, negatives: number, draws: number, seed: number): { pos: number[]; neg: number[] }[] {
  const random = mulberry32(seed);
  const pick = (n: number) => Array.from({ length: n }, () => Math.floor(random() * n));
  return Array.from({ length: draws }, () => ({ pos: pick(positives), neg: pick(negatives) }));
}

function aurocOf(scores: { pos: number[]; neg: number[] }, draw?: { pos: number[]; neg: number[] }): number {
  if (!draw) return auroc(scores.pos, scores.neg);
  return auroc(
    draw.pos.map((i) => scores.pos[i]!),
    draw.neg.map((i) => scores.neg[i]!),
  );
}

export function scoreMonitor(read: readonly ReadTranscript[], context: ReadingsContext, options: ScoreOptions): MonitorEvalResult {
  const { positive, negative } = labelClasses(
    read.map((r) => r.item),
    options.positive,
  );
  const emotions = [...options.emotions];
  const draws = options.bootstrap ?? 1000;
  const seed = options.seed ?? 7;
  const scored: Scored[] = read.map((r) => ({ positive: r.item.label === positive, split: r.split, readings: r.readings }));
  const dev = scored.filter((r) => r.split === "dev");
  const test = scored.filter((r) => r.split === "test");
  const classes = (xs: Scored[]) => ({ positive: xs.filter((x) => x.positive).length, negative: xs.filter((x) => !x.positive).length });
  const notEstimable = (where: string, xs: Scored[]): string | null => {
    const c = classes(xs);
    if (c.positive >= MIN_PER_CLASS && c.negative >= MIN_PER_CLASS) return null;
    return `not estimable: ${where} has ${c.positive} "${positive}" and ${c.negative} "${negative}" (at least ${MIN_PER_CLASS} of each needed)`;
  };
  const whyNotAll = notEstimable("the whole set", scored);
  const whyNotTest = notEstimable("the test split", test);
  const whyNotDev = notEstimable("the dev split", dev);
  const splitScores = (xs: Scored[], score: (x: Scored) => number) => ({
    pos: xs.filter((x) => x.positive).map(score),
    neg: xs.filter((x) => !x.positive).map(score),
  });

  // The text baseline: one classifier per readout point, trained on dev, scored on test.
  const testItems = read.filter((r) => r.split === "test");
  const devItems = read.filter((r) => r.split === "dev");
  const textScores = new Map<ReadoutPoint, { pos: number[]; neg: number[] }>();
  const textBaseline: TextBaselineResult[] = READOUT_POINTS.map((point, k) => {
    const why = whyNotDev ?? whyNotTest;
    if (why) return { point, test: { value: null, reason: why }, features: 0, converged: false };
    const classifier = trainTextClassifier(
      devItems.map((r) => textSeenAt(r.item.messages, point)),
      devItems.map((r) => r.item.label === positive),
    );
    const scores = testItems.map((r) => ({ positive: r.item.label === positive, score: scoreText(classifier, textSeenAt(r.item.messages, point)) }));
    const split = { pos: scores.filter((s) => s.positive).map((s) => s.score), neg: scores.filter((s) => !s.positive).map((s) => s.score) };
    textScores.set(point, split);
    const bootstrap = bootstrapDraws(split.pos.length, split.neg.length, draws, seed + 2000 + k);
    return {
      point,
      test: { value: aurocOf(split), interval: percentileInterval(bootstrap.map((d) => aurocOf(split, d))) },
      features: classifier.vocabulary.size,
      converged: classifier.converged,
    };
  });

  const points: PointResult[] = [];
  emotions.forEach((emotion, e) => {
    READOUT_POINTS.forEach((point, k) => {
      const score = (x: Scored) => valueAt(x.readings[emotion]!, point);
      const all = splitScores(scored, score);
      const allDraws = whyNotAll ? [] : bootstrapDraws(all.pos.length, all.neg.length, draws, seed + e * 31 + points.length);
      const allEstimate: Estimate = whyNotAll
        ? { value: null, reason: whyNotAll }
        : { value: aurocOf(all), interval: percentileInterval(allDraws.map((d) => aurocOf(all, d))) };
      let testEstimate: Estimate = { value: null, reason: whyNotTest ?? "" };
      let minusText: Estimate = { value: null, reason: whyNotTest ?? whyNotDev ?? "" };
      if (!whyNotTest) {
        const monitor = splitScores(test, score);
        const paired = bootstrapDraws(monitor.pos.length, monitor.neg.length, draws, seed + 1000 + e * 31 + k);
        testEstimate = { value: aurocOf(monitor), interval: percentileInterval(paired.map((d) => aurocOf(monitor, d))) };
        const text = textScores.get(point);
        if (text)
          minusText = { value: aurocOf(monitor) - aurocOf(text), interval: percentileInterval(paired.map((d) => aurocOf(monitor, d) - aurocOf(text, d))) };
      }
      points.push({ emotion, point, all: allEstimate, test: testEstimate, minusText, roc: rocCurve(all.pos, all.neg) });
    });
  });

  return {
    model: context.model,
    vector_set: context.vector_set,
    layer: context.layer,
    positive,
    negative,
    transcripts: { total: scored.length, positive: classes(scored).positive, negative: classes(scored).negative, dev: dev.length, test: test.length },
    split: { rule: context.splitRule, dev: classes(dev), test: classes(test) },
    readouts: context.readouts,
    smooth: context.smooth,
    points,
    textBaseline,
    leadTimes: emotions.map((emotion) => leadTime(emotion, dev, test, whyNotDev ?? whyNotTest)),
  };
}

/** Youden's J threshold on dev maxima; lead times and rates on the test split. */
function leadTime(emotion: string, dev: Scored[], test: Scored[], notEstimable: string | null): LeadTimeResult {
  if (notEstimable) return { emotion, estimable: false, reason: notEstimable };
  const devPos = dev.filter((d) => d.positive).map((d) => d.readings[emotion]!.maxBeforeAction);
  const devNeg = dev.filter((d) => !d.positive).map((d) => d.readings[emotion]!.maxBeforeAction);
  let threshold = Infinity;
  let best = -Infinity;
  for (const t of [...devPos, ...devNeg]) {
    const j = devPos.filter((v) => v >= t).length / devPos.length - devNeg.filter((v) => v >= t).length / devNeg.length;
    if (j > best) [best, threshold] = [j, t];
  }
  const leads: number[] = [];
  let falseFlags = 0;
  for (const t of test) {
    const before = t.readings[emotion]!.beforeAction;
    const first = before.findIndex((v) => v >= threshold);
    if (first < 0) continue;
    if (t.positive) leads.push(before.length - first);
    else falseFlags++;
  }
  leads.sort((a, b) => a - b);
  const positives = test.filter((t) => t.positive).length;
  const negatives = test.length - positives;
  const wilson = (k: number, n: number): [number, number] => {
    const w = wilsonInterval(k, n);
    return [w.low, w.high];
  };
  return {
    emotion,
    estimable: true,
    threshold,
    truePositiveRate: leads.length / positives,
    falsePositiveRate: falseFlags / negatives,
    truePositiveInterval: wilson(leads.length, positives),
    falsePositiveInterval: wilson(falseFlags, negatives),
    medianLeadTokens: leads.length ? leads[Math.floor((leads.length - 1) / 2)]! : null,
    flagged: leads.length,
  };
}
