/** Hand-labelled calibration transcripts and the grader metrics computed on them. */
import type { ParamValue } from "../params.js";

export interface CalibrationItem {
  id: string;
  /** What the item probes: a clear positive, a clear negative, or which near miss. */
  note: string;
  /** The outcome a careful human assigns, decided before looking at the grader's answer. */
  label: string;
  params: Record<string, ParamValue>;
  seed: number;
  /** The assistant's replies, in order (one per turn). */
  replies: readonly string[];
}

export interface CalibrationResult {
  id: string;
  label: string;
  predicted: string;
  labelTarget: boolean;
  predictedTarget: boolean;
  evidence: string[];
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
  /** Items where the predicted outcome differs from the label. */
  mismatches: CalibrationResult[];
  results: CalibrationResult[];
}

export function summarize(scenario: string, results: CalibrationResult[]): CalibrationReport {
  const count = (f: (r: CalibrationResult) => boolean) => results.filter(f).length;
  const tp = count((r) => r.labelTarget && r.predictedTarget);
  const fp = count((r) => !r.labelTarget && r.predictedTarget);
  const fn = count((r) => r.labelTarget && !r.predictedTarget);
  const tn = count((r) => !r.labelTarget && !r.predictedTarget);
  return {
    scenario,
    n: results.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    outcomeAccuracy: results.length === 0 ? 0 : count((r) => r.label === r.predicted) / results.length,
    mismatches: results.filter((r) => r.label !== r.predicted),
    results,
  };
}
