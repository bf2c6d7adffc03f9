/** The runs view's rows and labels, free of DOM so node tests can check them. */
import type { RunResultRowWire, RunSummaryWire } from "../../../src/server/wire";

/**
 * Results grouped by vector (the steered emotion before the random control), by strength within.
 * Strength 0 is one set of unsteered rollouts both series share: listed once, so n adds up.
 */
export function tableOrder(results: RunResultRowWire[]): RunResultRowWire[] {
  const rank = (vector: string) => (vector === "random" ? 1 : 0);
  const sorted = [...results].sort((a, b) => rank(a.vector) - rank(b.vector) || a.vector.localeCompare(b.vector) || a.strength - b.strength);
  return sorted.filter((r, i) => r.strength !== 0 || sorted.findIndex((o) => o.strength === 0) === i);
}

/** The y-axis title: what the rate counts. */
export function rateAxisTitle(run: RunSummaryWire): string {
  return run.target_outcome ? `share of rollouts graded "${run.target_outcome}"` : "share of rollouts with the target outcome";
}
