/** Behaviour rows come from sweep runs of the same model already in a runs store; none are started here. */
import fs from "node:fs";
import { RunStore } from "../sweeps/runStore.js";
import { summarizeRun } from "../sweeps/results.js";
import { getScenario } from "../scenarios/registry.js";
import { attemptTrace } from "../sweeps/attemptTrace.js";
import type { RolloutRecord, RunRecord } from "../sweeps/runStore.js";
import type { BehaviourSummary } from "./types.js";

const SCENARIOS = ["blackmail", "impossible-code", "sycophancy"];

/** The emotion each scenario's paper claim steers with first (sycophancy: the paper's +loving). */
const PREFERRED_STEER: Record<string, readonly string[]> = {
  blackmail: ["desperate"],
  "impossible-code": ["desperate"],
  sycophancy: ["loving", "happy", "desperate"],
};

/**
 * Per scenario, the run of this model that measures the paper's claim: unguarded, with the scenario's
 * default parameters, strength 0 and a positive strength; the preferred emotion first, then the most
 * rollouts. An absent store gives none.
 */
export function behaviourFromRuns(runsFile: string, modelSha256: string): BehaviourSummary[] {
  if (!fs.existsSync(runsFile)) return [];
  const store = new RunStore(runsFile);
  try {
    const found: BehaviourSummary[] = [];
    for (const scenario of SCENARIOS) {
      const defaults = JSON.stringify(getScenario(scenario).defaults);
      const preferred = PREFERRED_STEER[scenario] ?? [];
      const rank = (emotion: string) => (preferred.includes(emotion) ? preferred.indexOf(emotion) : preferred.length);
      const run = store
        .listRuns()
        .filter(
          (r) =>
            r.scenario === scenario &&
            r.modelSha256 === modelSha256 &&
            !r.guard?.length &&
            r.rollouts > 0 &&
            JSON.stringify(r.params) === defaults &&
            r.strengths.includes(0) &&
            r.strengths.some((x) => x > 0),
        )
        .sort((a, b) => rank(a.steerEmotion) - rank(b.steerEmotion) || b.rollouts - a.rollouts)[0];
      if (!run) continue;
      const rollouts = store.rollouts(run.id);
      const { results } = summarizeRun(run, rollouts);
      found.push({
        scenario,
        runId: run.id,
        steerEmotion: run.steerEmotion,
        rows: results.map((r) => ({ strength: r.strength, vector: r.vector, n: r.n, rate: r.rate, low: r.ci_low, high: r.ci_high })),
        ...(scenario === "impossible-code" ? { attempts: attemptsOf(run, rollouts) } : {}),
      });
    }
    return found;
  } finally {
    store.close();
  }
}

/** The paper's trace, reduced to what the scorecard row compares: desperate's climb per attempt by outcome, and the cheat's first turn. */
function attemptsOf(run: RunRecord, rollouts: readonly RolloutRecord[]): NonNullable<BehaviourSummary["attempts"]> {
  const trace = attemptTrace(run, rollouts);
  const climbs = trace.rises
    .filter((r) => r.cell === "all" && r.emotion === "desperate" && r.measure === "start")
    .map((r) => ({ outcome: r.outcome, mean: r.slope.mean, low: r.slope.ci_low, high: r.slope.ci_high, n: r.slope.n }));
  return { target: trace.target_outcome ?? "cheat", climbs, firstTurns: trace.first_target.find((f) => f.cell === "all")?.turns ?? [] };
}
