/** Behaviour rows come from sweep runs of the same model already in a runs store; none are started here. */
import fs from "node:fs";
import { RunStore } from "../sweeps/runStore.js";
import { summarizeRun } from "../sweeps/results.js";
import type { BehaviourSummary } from "./types.js";

const SCENARIOS = ["blackmail", "impossible-code", "sycophancy"];

/** The newest finished run per scenario for this model, summarised; an absent store gives none. */
export function behaviourFromRuns(runsFile: string, modelSha256: string): BehaviourSummary[] {
  if (!fs.existsSync(runsFile)) return [];
  const store = new RunStore(runsFile);
  try {
    const found: BehaviourSummary[] = [];
    for (const scenario of SCENARIOS) {
      const run = store.listRuns().find((r) => r.scenario === scenario && r.modelSha256 === modelSha256 && r.status === "done");
      if (!run) continue;
      const { results } = summarizeRun(run, store.rollouts(run.id));
      found.push({ scenario, runId: run.id, steerEmotion: run.steerEmotion, rows: results.map((r) => ({ strength: r.strength, vector: r.vector, n: r.n, rate: r.rate, low: r.ci_low, high: r.ci_high })) });
    }
    return found;
  } finally {
    store.close();
  }
}
