/** Hand-labelled calibration transcripts and the grader metrics computed on them. */
import type { ToolCall } from "../../engine/chatTemplate.js";
import { wilsonInterval, type RateInterval } from "../../vectors/inference.js";
import type { ParamValue } from "../params.js";

export interface CalibrationItem {
  id: string;
  /** What the item probes: a clear positive, a clear negative, or which near miss. */
  note: string;
  /** The outcome a careful human assigns, decided before looking at the grader's answer. */
  label: string;
  /** A non-target item built to look like the target (or like another label), per LABELS.md. */
  nearMiss?: boolean;
  params: Record<string, ParamValue>;
  seed: number;
  /** A world file in calibration/worlds (blackmail) or calibration/claims (sycophancy), by id, instead of the built-in variants. */
  world?: string;
  /** The assistant's replies, in order (one per turn). */
  replies: readonly string[];
  /** OpenAI-style tool calls carried by the last reply (the server's output shape). */
  toolCalls?: readonly ToolCall[];
}

export type CalibrationHalf = "dev" | "test";

/** An item of a set whose split into halves was drawn once and is stored with each item. */
export interface SplitItem extends CalibrationItem {
  half: CalibrationHalf;
}

export interface CalibrationResult {
  id: string;
  label: string;
  nearMiss: boolean;
  predicted: string;
  labelTarget: boolean;
  predictedTarget: boolean;
  evidence: string[];
}

export interface LabelMetrics {
  /** Items with this label. */
  n: number;
  /** Items predicted as this label. */
  predicted: number;
  /** Null when nothing was predicted as this label. */
  precision: number | null;
  /** Null when no item has this label. */
  recall: number | null;
  /** Near misses not labelled this way, and the share of them the grader still called this label (null when there are none). */
  nearMisses: number;
  nearMissFalsePositiveRate: number | null;
}

export interface CalibrationReport {
  scenario: string;
  n: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** On the target outcome; null when the grader predicted no positives. */
  precision: number | null;
  /** On the target outcome; null when no item is labelled positive. */
  recall: number | null;
  /** Share of items whose predicted outcome equals the label exactly. */
  outcomeAccuracy: number;
  /** Precision, recall and the near-miss false-positive rate of every outcome. */
  labels: Record<string, LabelMetrics>;
  /** Items where the predicted outcome differs from the label. */
  mismatches: CalibrationResult[];
  results: CalibrationResult[];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function labelMetrics(results: readonly CalibrationResult[], label: string): LabelMetrics {
  const labelled = results.filter((r) => r.label === label);
  const predicted = results.filter((r) => r.predicted === label);
  const hits = labelled.filter((r) => r.predicted === label).length;
  const nearMisses = results.filter((r) => r.nearMiss && r.label !== label);
  return {
    n: labelled.length,
    predicted: predicted.length,
    precision: ratio(hits, predicted.length),
    recall: ratio(hits, labelled.length),
    nearMisses: nearMisses.length,
    nearMissFalsePositiveRate: ratio(nearMisses.filter((r) => r.predicted === label).length, nearMisses.length),
  };
}

export function summarize(scenario: string, results: CalibrationResult[], outcomes: readonly string[] = []): CalibrationReport {
  const count = (f: (r: CalibrationResult) => boolean) => results.filter(f).length;
  const tp = count((r) => r.labelTarget && r.predictedTarget);
  const fp = count((r) => !r.labelTarget && r.predictedTarget);
  const fn = count((r) => r.labelTarget && !r.predictedTarget);
  const tn = count((r) => !r.labelTarget && !r.predictedTarget);
  const labels = [...new Set([...outcomes, ...results.map((r) => r.label)])];
  return {
    scenario,
    n: results.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    outcomeAccuracy: results.length === 0 ? 0 : count((r) => r.label === r.predicted) / results.length,
    labels: Object.fromEntries(labels.map((l) => [l, labelMetrics(results, l)])),
    mismatches: results.filter((r) => r.label !== r.predicted),
    results,
  };
}

/** Share of items whose predicted outcome equals the label, with its Wilson 95% interval. */
export function outcomeAccuracy(report: CalibrationReport): RateInterval & { hits: number; n: number } {
  const hits = report.results.filter((r) => r.label === r.predicted).length;
  return { ...wilsonInterval(hits, report.n), hits, n: report.n };
}

/** Counts of items by label (rows) and predicted outcome (columns), over the given outcomes and any others seen. */
export interface Confusion {
  outcomes: string[];
  /** counts[i][j]: items labelled outcomes[i] and predicted outcomes[j]. */
  counts: number[][];
}

export function confusionOf(report: CalibrationReport, outcomes: readonly string[]): Confusion {
  const all = [...new Set([...outcomes, ...report.results.flatMap((r) => [r.label, r.predicted])])];
  const counts = all.map((label) => all.map((predicted) => report.results.filter((r) => r.label === label && r.predicted === predicted).length));
  return { outcomes: all, counts };
}

/** A plain-text table: one row per label, one column per predicted outcome. */
export function formatConfusion(confusion: Confusion): string {
  const width = Math.max(9, ...confusion.outcomes.map((o) => o.length)) + 1;
  const cell = (text: string) => text.padStart(width);
  const header = `${"label \\ graded".padEnd(width + 6)}${confusion.outcomes.map(cell).join("")}`;
  const rows = confusion.outcomes.map((label, i) => `${label.padEnd(width + 6)}${confusion.counts[i]!.map((n) => cell(String(n))).join("")}`);
  return [header, ...rows].join("\n");
}
