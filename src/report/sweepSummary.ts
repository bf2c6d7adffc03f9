/** A sweep's results as text for the terminal: one line per cell, the shared unsteered cell once, and the total. */
import type { Agreement } from "../scenarios/agreement.js";
import { targetOutcomeOf, type JudgeSummary, type StrengthResult, type SweepResults } from "../sweeps/results.js";
import { unsteeredOnce } from "./sweepReport.js";

export function sweepSummary(results: SweepResults): string {
  const rows = unsteeredOnce(results.results, results.run.steerEmotion);
  const outcome = targetOutcomeOf(results.run.scenario) ?? "target";
  const lines = rows.map(
    (r) =>
      `${(r.strength === 0 ? "unsteered" : r.vector).padEnd(12)} ${String(r.strength).padStart(6)}  ${r.hits}/${r.n} ${outcome}  rate ${(100 * r.rate).toFixed(1)}%  95% CI ${(100 * r.ci_low).toFixed(1)}–${(100 * r.ci_high).toFixed(1)}%`,
  );
  if (results.run.guard?.length) {
    const halted = rows.reduce((n, r) => n + (r.outcomes.halted ?? 0), 0);
    lines.unshift(`guarded by ${results.run.guard.map((g) => `"${g}"`).join(", ")} (halt ends an episode; steer applies from the next turn): ${halted} halted`);
  }
  lines.push(
    `${"total".padEnd(12)} ${"".padStart(6)}  ${rows.reduce((n, r) => n + r.n, 0)} rollouts (the unsteered ones serve both the ${results.run.steerEmotion} and the random series)`,
  );
  if (results.judge) lines.push(...judgeLines(results.judge, rows, outcome));
  return lines.join("\n") + "\n";
}

const kappa = (a: Agreement) => `${(100 * a.observed).toFixed(0)}% agree, κ ${a.kappa === null ? "undefined" : a.kappa.toFixed(2)}`;

/** The LLM judge beside the rules: agreement, then the judge's count per cell next to the rules'. */
function judgeLines(judge: JudgeSummary, rows: readonly StrengthResult[], outcome: string): string[] {
  const shown = new Set(rows.map((r) => `${r.vector}|${r.strength}`));
  const cells = judge.cells.filter((c) => shown.has(`${c.vector}|${c.strength}`));
  return [
    `LLM judge (${judge.models.join(", ") || "unnamed"}, ${judge.rubrics.join(", ") || "rubric unrecorded"}) on ${judge.n} rollouts${judge.failed ? ` (${judge.failed} judge calls failed, left out)` : ""}: outcome ${kappa(judge.outcome)}; ${outcome} or not ${kappa(judge.target)}`,
    ...cells.map(
      (c) =>
        `  ${(c.strength === 0 ? "unsteered" : c.vector).padEnd(12)} ${String(c.strength).padStart(6)}  judge ${c.judgeHits}/${c.n} ${outcome}, rules ${c.ruleHits}/${c.n}`,
    ),
  ];
}
