/** The runs store as the server's RunsSource (/api/runs for the dashboard). */
import type { RunDetail, RunsSource, RunSummary } from "../server/runs.js";
import { summarizeRun } from "./results.js";
import type { RunRecord, RunStore } from "./runStore.js";

function summary(run: RunRecord, rollouts: number): RunSummary {
  return { id: run.id, scenario: run.scenario, steer_emotion: run.steerEmotion, model: run.modelName, created_at: run.createdAt, status: run.status, n_rollouts: rollouts, strengths: run.strengths, samples: run.samples, layer: run.layer };
}

export function runsSourceOf(store: RunStore): RunsSource {
  return {
    list: () => store.listRuns().map((r) => summary(r, r.rollouts)),
    get: (id: string): RunDetail | null => {
      const run = store.getRun(id);
      if (!run) return null;
      const rollouts = store.rollouts(id);
      const results = summarizeRun(run, rollouts);
      return {
        run: summary(run, rollouts.length),
        results: results.results,
        examples: results.examples.map((e) => ({ outcome: e.outcome, strength: e.strength, vector: e.vector, messages: e.messages })),
        trace: results.trace,
      } as RunDetail;
    },
  };
}
