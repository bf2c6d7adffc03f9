/** The trace by attempt and outcome as terminal text: one block per cell (all pooled first), one table per emotion. */
import type { AttemptTrace, MeanInterval } from "../sweeps/resultTypes.js";

function z(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
}

/** "+0.31 [+0.10, +0.52]", or "+0.31 (one episode)"; "–" when absent. */
export function meanText(m: MeanInterval | undefined): string {
  if (!m) return "–";
  if (m.ci_low === null || m.ci_high === null) return `${z(m.mean)} (one episode)`;
  return `${z(m.mean)} [${z(m.ci_low)}, ${z(m.ci_high)}]`;
}

/** "attempt 1: 3 · attempt 2: 5 (8 cheat episodes)". */
export function firstTargetText(trace: AttemptTrace, cell: string): string {
  const first = trace.first_target.find((f) => f.cell === cell);
  const outcome = trace.target_outcome ?? "target";
  if (!first || first.target === 0) return `no ${outcome} episode`;
  const parts = first.turns.map((t) => `attempt ${t.turn + 1}: ${t.count}`);
  if (first.unknown) parts.push(`turn not recorded: ${first.unknown}`);
  return `${parts.join(" · ")} (${first.target} ${outcome} episode${first.target === 1 ? "" : "s"})`;
}

/** The target episodes lined up on the attempt where the target first appeared: a row per offset, a column per emotion and readout. */
function aroundTargetLines(trace: AttemptTrace, cell: string): string[] {
  const points = trace.around_target.filter((p) => p.cell === cell);
  if (points.length === 0) return [];
  const columns = trace.emotions.flatMap(
    (e) =>
      (trace.max_recorded
        ? [
            [e, "start"],
            [e, "max"],
          ]
        : [[e, "start"]]) as [string, "start" | "max"][],
  );
  const lines = [
    `  around the first ${trace.target_outcome ?? "target"} (offset 0: the attempt where it first appeared; -1 the one before)`,
    `    offset    n  ${columns.map(([e, m]) => `${e} ${m}`.padEnd(24)).join("")}`.trimEnd(),
  ];
  for (const p of points)
    lines.push(
      `    ${(p.offset > 0 ? `+${p.offset}` : String(p.offset)).padStart(6)}  ${String(p.n).padStart(3)}  ${columns.map(([e, m]) => meanText(p[m][e]).padEnd(24)).join("")}`.trimEnd(),
    );
  return lines;
}

export function attemptSummary(trace: AttemptTrace, header: string): string {
  const lines = [
    header,
    `Readout (z) by attempt and the episode's eventual outcome: mean [95% t interval] over the episodes that reached the attempt. "start": the attempt's first token; "max": its highest token.`,
  ];
  if (!trace.max_recorded) lines.push("Within-attempt maximum: not recorded in this run (stored before maxima were kept).");
  if (trace.points.length === 0) lines.push("No turns recorded in this run.");
  const width = Math.max(7, ...trace.outcomes.map((o) => o.length));
  for (const cell of trace.cells) {
    const points = trace.points.filter((p) => p.cell === cell.cell);
    if (points.length === 0) continue;
    lines.push("", `${cell.cell === "all" ? "all cells pooled" : cell.cell} (${cell.rollouts} rollouts)`);
    for (const emotion of trace.emotions) {
      lines.push(`  ${emotion}`);
      lines.push(`    ${"outcome".padEnd(width)}  attempt    n  ${"start".padEnd(22)}${trace.max_recorded ? "  max" : ""}`);
      for (const p of points) {
        const shortfall = (m: MeanInterval | undefined) => (m && m.n < p.n ? ` (n ${m.n})` : "");
        const start = meanText(p.start[emotion]) + shortfall(p.start[emotion]);
        const max = trace.max_recorded ? `  ${meanText(p.max[emotion])}${shortfall(p.max[emotion])}` : "";
        lines.push(`    ${p.outcome.padEnd(width)}  ${String(p.turn + 1).padStart(7)}  ${String(p.n).padStart(3)}  ${start.padEnd(22)}${max}`);
      }
      const rises = trace.rises.filter((r) => r.cell === cell.cell && r.emotion === emotion);
      for (const measure of ["start", "max"] as const) {
        const parts = rises.filter((r) => r.measure === measure).map((r) => `${r.outcome} ${meanText(r.slope)} (n ${r.slope.n})`);
        if (parts.length) lines.push(`    climb of ${measure} per attempt (mean of each episode's slope): ${parts.join(" · ")}`);
      }
    }
    lines.push(`  ${trace.target_outcome ?? "target"} first appears at: ${firstTargetText(trace, cell.cell)}`);
    lines.push(...aroundTargetLines(trace, cell.cell));
  }
  return lines.join("\n") + "\n";
}
