/**
 * The sweep report's section on desperation across attempts: per watched emotion (desperate and
 * calm where present), one line per eventual outcome over the attempts, start readout solid and
 * within-attempt maximum dashed, each 95% interval an error bar at its point; then the tables for
 * every cell, the climb per attempt, the turn the target behaviour first appeared, and the target
 * episodes lined up on that turn.
 */
import type { AttemptPoint, AttemptTrace, MeanInterval } from "../sweeps/resultTypes.js";
import { firstTargetText, meanText } from "./attemptSummary.js";
import { chartBlock, escapeHtml } from "./html.js";

const outcomePalette = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/** The emotions drawn: desperate and calm where watched, else the first watched one. */
function chartEmotions(trace: AttemptTrace): string[] {
  const leading = trace.emotions.filter((e) => e === "desperate" || e === "calm");
  return leading.length ? leading : trace.emotions.slice(0, 1);
}

function attemptChart(trace: AttemptTrace, cell: string, emotion: string): string {
  const points = trace.points.filter((p) => p.cell === cell && p.start[emotion]);
  if (points.length === 0) return "";
  const outcomes = trace.outcomes.filter((o) => points.some((p) => p.outcome === o));
  const attempts = Math.max(...points.map((p) => p.turn)) + 1;
  // Outcomes sit a little apart at each attempt so that their bars do not overlap.
  const dodge = (k: number) => (outcomes.length < 2 ? 0 : (k - (outcomes.length - 1) / 2) * (0.24 / outcomes.length));
  const datasets = outcomes.flatMap((outcome, k) => {
    const color = outcomePalette[k % outcomePalette.length]!;
    const rows = points.filter((p) => p.outcome === outcome);
    const series = (measure: "start" | "max") => {
      const estimates = rows
        .map((p) => [p, (measure === "start" ? p.start : p.max)[emotion]] as const)
        .filter((x): x is readonly [AttemptPoint, MeanInterval] => x[1] !== undefined);
      if (estimates.length === 0) return [];
      const x = (p: AttemptPoint) => p.turn + 1 + dodge(k);
      const bars = estimates
        .filter(([, m]) => m.ci_low !== null)
        .flatMap(([p, m]) => [
          { x: x(p), y: m.ci_low },
          { x: x(p), y: m.ci_high },
          { x: x(p), y: null },
        ]);
      const dash = measure === "max" ? { borderDash: [6, 4] } : {};
      return [
        {
          type: "line",
          label: `${outcome}: ${measure}`,
          data: estimates.map(([p, m]) => ({ x: x(p), y: m.mean, label: `${outcome}, attempt ${p.turn + 1}, ${measure}: ${meanText(m)}, n ${m.n}` })),
          borderColor: color,
          backgroundColor: color,
          pointRadius: measure === "start" ? 4 : 3,
          ...dash,
        },
        {
          type: "line",
          label: `${outcome}: ${measure} 95% interval`,
          data: bars,
          borderColor: color,
          backgroundColor: color,
          borderWidth: 1.5,
          pointStyle: "line",
          pointRadius: 6,
          pointBorderWidth: 1.5,
          spanGaps: false,
        },
      ];
    };
    return [...series("start"), ...series("max")];
  });
  return chartBlock(`attempts-${cell}-${emotion}`, {
    type: "line",
    data: { datasets },
    options: {
      animation: false,
      scales: {
        // Bounds off the whole-step grid, and left out, so that the ticks fall on the attempts (1, 2, ...).
        x: {
          type: "linear",
          min: 0.6,
          max: attempts + 0.4,
          ticks: { stepSize: 1, includeBounds: false },
          title: { display: true, text: "attempt (assistant turn)" },
        },
        y: { title: { display: true, text: `${emotion} (z vs neutral text): start solid, within-attempt max dashed` } },
      },
    },
  });
}

function pointsTable(trace: AttemptTrace, cell: string): string {
  const points = trace.points.filter((p) => p.cell === cell);
  const header = trace.emotions.map((e) => `<th>${escapeHtml(e)} start</th>${trace.max_recorded ? `<th>${escapeHtml(e)} max</th>` : ""}`).join("");
  const cellText = (m: MeanInterval | undefined, n: number) => `<td class="num">${escapeHtml(meanText(m))}${m && m.n < n ? ` (n ${m.n})` : ""}</td>`;
  const rows = points
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.outcome)}</td><td class="num">${p.turn + 1}</td><td class="num">${p.n}</td>${trace.emotions.map((e) => cellText(p.start[e], p.n) + (trace.max_recorded ? cellText(p.max[e], p.n) : "")).join("")}</tr>`,
    )
    .join("");
  return `<div class="scroll"><table><tr><th>outcome</th><th>attempt</th><th>n</th>${header}</tr>${rows}</table></div>`;
}

function risesTable(trace: AttemptTrace, cell: string): string {
  const rises = trace.rises.filter((r) => r.cell === cell);
  if (rises.length === 0) return "";
  const rows = rises
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.outcome)}</td><td>${escapeHtml(r.emotion)}</td><td>${r.measure}</td><td class="num">${escapeHtml(meanText(r.slope))}</td><td class="num">${r.slope.n}</td></tr>`,
    )
    .join("");
  return `<table><tr><th>outcome</th><th>emotion</th><th>readout</th><th>climb per attempt (z), 95% CI</th><th>episodes</th></tr>${rows}</table>`;
}

function aroundTargetTable(trace: AttemptTrace, cell: string): string {
  const points = trace.around_target.filter((p) => p.cell === cell);
  if (points.length === 0) return "";
  const target = escapeHtml(trace.target_outcome ?? "target");
  const header = trace.emotions.map((e) => `<th>${escapeHtml(e)} start</th>${trace.max_recorded ? `<th>${escapeHtml(e)} max</th>` : ""}`).join("");
  const rows = points
    .map(
      (p) =>
        `<tr><td class="num">${p.offset > 0 ? `+${p.offset}` : p.offset}</td><td class="num">${p.n}</td>${trace.emotions.map((e) => `<td class="num">${escapeHtml(meanText(p.start[e]))}</td>${trace.max_recorded ? `<td class="num">${escapeHtml(meanText(p.max[e]))}</td>` : ""}`).join("")}</tr>`,
    )
    .join("");
  return `<p class="note">The ${target} episodes lined up on the attempt where ${target} first appeared (offset 0; -1 the attempt before, +1 the one after):</p>
<div class="scroll"><table><tr><th>offset</th><th>n</th>${header}</tr>${rows}</table></div>`;
}

function cellBlock(trace: AttemptTrace, cell: string): string {
  const target = escapeHtml(trace.target_outcome ?? "target");
  return `${pointsTable(trace, cell)}
${risesTable(trace, cell)}
<p class="note">${target} first appears at: ${escapeHtml(firstTargetText(trace, cell))}</p>
${aroundTargetTable(trace, cell)}`;
}

export function attemptSection(trace: AttemptTrace): string {
  if (trace.points.length === 0) return "";
  const others = trace.cells.filter((c) => c.cell !== "all" && trace.points.some((p) => p.cell === c.cell));
  const pooled = trace.cells.find((c) => c.cell === "all")!;
  return `<h2>Emotion readout across attempts, by eventual outcome</h2>
<p class="note">The paper's trace: mean z at the first token of each attempt (solid) and the highest z within it (dashed${trace.max_recorded ? "" : ": not recorded in this run"}), over the episodes that reached the attempt, split by how the episode ended, with 95% t intervals as error bars. All ${pooled.rollouts} rollouts pooled; steering an emotion shifts its own readout, so the per-cell tables below (above all "unsteered") give the levels. "Climb per attempt" is the mean, over episodes with two or more attempts, of each episode's least-squares slope of the readout on the attempt number.</p>
${chartEmotions(trace)
  .map((e) => `<h3>${escapeHtml(e)} across attempts (all cells pooled)</h3>\n${attemptChart(trace, "all", e)}`)
  .join("\n")}
<h3>All cells pooled</h3>
${cellBlock(trace, "all")}
${others.map((c) => `<details><summary>${escapeHtml(c.cell)} · ${c.rollouts} rollouts</summary>${cellBlock(trace, c.cell)}</details>`).join("\n")}`;
}
