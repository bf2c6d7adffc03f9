/**
 * Where /api/runs reads sweep runs from. The server only knows this interface; `runsSourceOf`
 * plugs the sweeps' run store in (`startServer({ runs })`). Methods may be sync or async.
 */
import { summarizeRun } from "../sweeps/results.js";
import type { RunStore } from "../sweeps/runStore.js";
import { runDetailWire, runSummaryWire } from "../sweeps/runWire.js";
import type { RunDetailWire, RunSummaryWire } from "./wire.js";

export type { RunDetailWire as RunDetail, RunExampleWire as RunExample, RunResultRowWire as RunResultRow, RunSummaryWire as RunSummary } from "./wire.js";

export interface RunsSource {
  list(): RunSummaryWire[] | Promise<RunSummaryWire[]>;
  /** null when no run has this id. */
  get(id: string): RunDetailWire | null | Promise<RunDetailWire | null>;
}

/** The runs store as a RunsSource, in the wire spelling (the sweeps' converter, as `limbic runs … --json` prints it). */
export function runsSourceOf(store: RunStore): RunsSource {
  return {
    list: () => store.listRuns().map((r) => runSummaryWire(r, r.rollouts)),
    get: (id: string): RunDetailWire | null => {
      const run = store.getRun(id);
      return run ? runDetailWire(summarizeRun(run, store.rollouts(id))) : null;
    },
  };
}
