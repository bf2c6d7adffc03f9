/**
 * The one converter from a run (camelCase in memory) to its wire shape (snake_case): the CLI's
 * `runs list|show --json` and `sweep --json` print these, and the server's /api/runs serves them,
 * so the two cannot drift apart.
 */
import { toWire } from "../util/wireCase.js";
import type { RunDetailWire, RunSummaryWire } from "./resultTypes.js";
import { runSummaryOf, type SweepResults } from "./results.js";
import type { RunRecord } from "./runStore.js";

/** A stored run as a listing shows it, with the number of rollouts stored so far. */
export function runSummaryWire(run: RunRecord, rollouts: number): RunSummaryWire {
  return toWire(runSummaryOf(run, rollouts));
}

/** A run's summarised results (summarizeRun) as they travel. */
export function runDetailWire(results: SweepResults): RunDetailWire {
  return {
    run: runSummaryWire(results.run, results.rollouts),
    results: results.results,
    examples: results.examples.map((e) => ({ outcome: e.outcome, strength: e.strength, vector: e.vector, messages: e.messages })),
    trace: results.trace,
    trends: results.trends,
    ...(results.judge ? { judge: { ...results.judge, cells: results.judge.cells.map((c) => toWire(c)) } } : {}),
  };
}
