/**
 * Where /api/runs reads sweep runs from. The server only knows this interface; `runsSourceOf`
 * plugs the sweeps' run store in (`startServer({ runs })`). Methods may be sync or async.
 */
import { runSummaryOf, summarizeRun } from "../sweeps/results.js";
import type { RunStore } from "../sweeps/runStore.js";
import { toWire, type RunDetailWire, type RunSummaryWire } from "./wire.js";

export type { RunDetailWire as RunDetail, RunExampleWire as RunExample, RunResultRowWire as RunResultRow, RunSummaryWire as RunSummary } from "./wire.js";

export interface RunsSource {
  list(): RunSummaryWire[] | Promise<RunSummaryWire[]>;
  /** null when no run has this id. */
  get(id: string): RunDetailWire | null | Promise<RunDetailWire | null>;
}

/** The runs store as a RunsSource, in the wire spelling. */
export function runsSourceOf(store: RunStore): RunsSource {
  return {
    list: () => store.listRuns().map((r) => toWire(runSummaryOf(r, r.rollouts))),
    get: (id: string): RunDetailWire | null => {
      const run = store.getRun(id);
      if (!run) return null;
      const rollouts = store.rollouts(id);
      const results = summarizeRun(run, rollouts);
      return {
        run: toWire(runSummaryOf(run, rollouts.length)),
        results: results.results,
        examples: results.examples.map((e) => ({ outcome: e.outcome, strength: e.strength, vector: e.vector, messages: e.messages })),
        trace: results.trace,
      };
    },
  };
}
