/** A sweep's results as text for the terminal: one line per cell, the shared unsteered cell once, and the total. */
import { targetOutcomeOf, type SweepResults } from "../sweeps/results.js";
import { unsteeredOnce } from "./sweepReport.js";

export function sweepSummary(results: SweepResults): string {
  const rows = unsteeredOnce(results.results, results.run.steerEmotion);
  const outcome = targetOutcomeOf(results.run.scenario) ?? "target";
  const lines = rows.map((r) => `${(r.strength === 0 ? "unsteered" : r.vector).padEnd(12)} ${String(r.strength).padStart(6)}  ${r.hits}/${r.n} ${outcome}  rate ${(100 * r.rate).toFixed(1)}%  95% CI ${(100 * r.ci_low).toFixed(1)}–${(100 * r.ci_high).toFixed(1)}%`);
  if (results.run.guard?.length) {
    const halted = rows.reduce((n, r) => n + (r.outcomes.halted ?? 0), 0);
    lines.unshift(`guarded by ${results.run.guard.map((g) => `"${g}"`).join(", ")} (halt ends an episode; steer applies from the next turn): ${halted} halted`);
  }
  lines.push(`${"total".padEnd(12)} ${"".padStart(6)}  ${rows.reduce((n, r) => n + r.n, 0)} rollouts (the unsteered ones serve both the ${results.run.steerEmotion} and the random series)`);
  return lines.join("\n") + "\n";
}
