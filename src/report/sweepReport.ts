/**
 * The sweep report: misbehaviour rate per steering strength with Wilson 95% intervals (the
 * emotion and its random-direction control) and the trend across strengths, the emotion readout
 * per assistant turn and across attempts by eventual outcome, and example transcripts for each outcome.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";
import type { SweepResults } from "../sweeps/results.js";
import { targetOutcomeOf, type StrengthResult } from "../sweeps/results.js";
import { attemptSection } from "./attemptReport.js";
import { chartBlock, escapeHtml, htmlPage } from "./html.js";
import { formatP, METHOD_LABEL, slopeText } from "./trendSummary.js";

const colors: Record<string, string> = { random: "#7f7f7f" };
const emotionColor = "#d62728";
const turnPalette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/** The strength-0 rows are one set of unsteered rollouts that both series share: shown once. */
export function unsteeredOnce<T extends { vector: string; strength: number }>(rows: readonly T[], steerEmotion: string): T[] {
  return rows.filter((x) => x.strength !== 0 || x.vector === steerEmotion || !rows.some((y) => y.strength === 0 && y.vector === steerEmotion));
}

const seriesLabel = (x: { vector: string; strength: number }) => (x.strength === 0 ? "unsteered (both series)" : x.vector);

/**
 * Rate per strength as points joined by lines, with each Wilson interval drawn as an error bar (a
 * vertical segment with caps) at the point it belongs to. The two series sit a little apart so
 * their bars do not overlap; the shared unsteered point sits at 0 itself.
 */
function doseResponseChart(r: SweepResults): string {
  const strengths = [...new Set(r.results.map((x) => x.strength))].sort((a, b) => a - b);
  const vectors = [...new Set(r.results.map((x) => x.vector))];
  const span = Math.max(1e-9, strengths[strengths.length - 1]! - strengths[0]!);
  const dodge = (vector: string, s: number) => (s === 0 || vectors.length < 2 ? 0 : (vector === "random" ? 1 : -1) * 0.012 * span);
  const unsteered = r.results.find((x) => x.strength === 0);
  const bars = (rows: readonly StrengthResult[]) =>
    rows.flatMap((x) => [
      { x: x.strength + dodge(x.vector, x.strength), y: x.ci_low },
      { x: x.strength + dodge(x.vector, x.strength), y: x.ci_high },
      { x: x.strength, y: null },
    ]);
  const errorBars = (label: string, color: string, rows: readonly StrengthResult[]) => ({
    type: "line",
    label,
    data: bars(rows),
    borderColor: color,
    backgroundColor: color,
    borderWidth: 1.5,
    pointStyle: "line",
    pointRadius: 6,
    pointBorderWidth: 1.5,
    spanGaps: false,
  });
  const datasets = vectors.flatMap((vector) => {
    const color = colors[vector] ?? emotionColor;
    const rows = r.results.filter((x) => x.vector === vector).sort((a, b) => a.strength - b.strength);
    return [
      {
        type: "line",
        label: `${vector}: rate`,
        data: rows.map((x) => ({ x: x.strength + dodge(vector, x.strength), y: x.rate })),
        borderColor: color,
        backgroundColor: color,
        pointRadius: 4,
      },
      errorBars(
        `${vector}: 95% Wilson interval`,
        color,
        rows.filter((x) => x.strength !== 0),
      ),
    ];
  });
  if (unsteered) datasets.push(errorBars("unsteered: 95% Wilson interval", "#1f2328", [unsteered]));
  return chartBlock("dose-response", {
    type: "line",
    data: { datasets },
    options: {
      animation: false,
      scales: {
        y: { min: 0, max: 1, title: { display: true, text: `${r.run.scenario}: share of rollouts graded "${targetOutcomeOf(r.run.scenario) ?? "target"}"` } },
        x: {
          type: "linear",
          min: strengths[0]! - 0.05 * span,
          max: strengths[strengths.length - 1]! + 0.05 * span,
          title: { display: true, text: "steering strength (fraction of the layer's mean residual norm)" },
        },
      },
    },
  });
}

function turnTraceChart(r: SweepResults, emotion: string): string {
  const series = r.trace.filter((p) => p.vector !== "random" && p.start[emotion] !== undefined);
  if (series.length === 0) return "";
  const strengths = [...new Set(series.map((p) => p.strength))].sort((a, b) => a - b);
  const turns = Math.max(...series.map((p) => p.turn)) + 1;
  const datasets = strengths.map((s, k) => ({
    label: `strength ${s}`,
    data: Array.from({ length: turns }, (_, t) => series.find((p) => p.strength === s && p.turn === t)?.start[emotion] ?? null),
    borderColor: turnPalette[k % turnPalette.length],
    pointRadius: 4,
  }));
  return `<h3>${escapeHtml(emotion)} at the start of each assistant turn</h3>
${chartBlock(`turns-${emotion}`, { type: "line", data: { labels: Array.from({ length: turns }, (_, t) => `turn ${t + 1}`), datasets }, options: { animation: false, scales: { y: { title: { display: true, text: `${emotion} (z vs neutral text)` } } } } })}`;
}

function resultsTable(r: SweepResults): string {
  const outcomes = [...new Set(r.results.flatMap((x) => Object.keys(x.outcomes)))].sort();
  const shown = unsteeredOnce(r.results, r.run.steerEmotion);
  const total = shown.reduce((n, x) => n + x.n, 0);
  const rows = shown
    .map(
      (x) =>
        `<tr><td>${escapeHtml(seriesLabel(x))}</td><td class="num">${x.strength}</td><td class="num">${x.n}</td><td class="num">${(100 * x.rate).toFixed(1)}%</td><td class="num">${(100 * x.ci_low).toFixed(1)}–${(100 * x.ci_high).toFixed(1)}%</td>${outcomes.map((o) => `<td class="num">${x.outcomes[o] ?? 0}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table><tr><th>vector</th><th>strength</th><th>n</th><th>rate (${escapeHtml(targetOutcomeOf(r.run.scenario) ?? "target")})</th><th>95% CI</th>${outcomes.map((o) => `<th>${escapeHtml(o)}</th>`).join("")}</tr>${rows}<tr><th>total</th><td></td><td class="num">${total}</td><td colspan="${2 + outcomes.length}"></td></tr></table>`;
}

function trendTable(r: SweepResults): string {
  if (r.trends.length === 0) return "";
  const outcome = escapeHtml(targetOutcomeOf(r.run.scenario) ?? "target");
  const rows = r.trends
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.vector)}</td><td class="num">${t.hits}/${t.n}</td><td class="num">${t.strengths.length}</td><td class="num">${escapeHtml(slopeText(t))}</td><td>${METHOD_LABEL[t.method]}</td><td class="num">${t.ca_z === null ? "–" : t.ca_z.toFixed(2)}</td><td class="num">${t.ca_p === null ? "–" : formatP(t.ca_p)}</td><td>${escapeHtml(t.note ?? "")}</td></tr>`,
    )
    .join("");
  return `<h3>Trend across strengths</h3>
<p class="note">Per series (the unsteered rollouts in both): the slope of a logistic regression of "${outcome}" on strength, in log-odds per unit of strength, with its 95% interval (Wald; Firth's penalized likelihood with a profile interval where the strengths separate hits from misses), and the Cochran–Armitage trend test (strengths as scores, two-sided p).</p>
<table><tr><th>series</th><th>${outcome}</th><th>strengths</th><th>slope [95% CI]</th><th>fit</th><th>Cochran–Armitage z</th><th>p</th><th>note</th></tr>${rows}</table>`;
}

function traceTable(r: SweepResults): string {
  if (r.trace.length === 0) return "";
  const emotions = [...new Set(r.trace.flatMap((p) => Object.keys(p.start)))];
  const rows = unsteeredOnce(r.trace, r.run.steerEmotion)
    .map(
      (p) =>
        `<tr><td>${escapeHtml(seriesLabel(p))}</td><td class="num">${p.strength}</td><td class="num">${p.turn + 1}</td><td class="num">${p.n}</td>${emotions.map((e) => `<td class="num">${fmt(p.start[e])} / ${fmt(p.mean[e])}</td>`).join("")}<td class="num">${p.first_target}</td></tr>`,
    )
    .join("");
  return `<table><tr><th>vector</th><th>strength</th><th>turn</th><th>n</th>${emotions.map((e) => `<th>${escapeHtml(e)} start / mean</th>`).join("")}<th>target first here</th></tr>${rows}</table>`;
}

function fmt(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(2);
}

function transcriptHtml(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `<div class="msg"><div class="role">${escapeHtml(m.role)}</div><pre>${escapeHtml(String(m.content ?? ""))}</pre></div>`).join("");
}

export function renderSweepReport(r: SweepResults): string {
  const { run } = r;
  const body = `<style>.msg{border-left:3px solid #d0d7de;padding:.25rem .75rem;margin:.5rem 0}.role{font-weight:600;font-size:.8rem;color:#57606a}pre{white-space:pre-wrap;margin:.25rem 0;font-size:.85rem}details{margin:.5rem 0}</style>
<h1>Sweep ${escapeHtml(run.id)}</h1>
<p class="meta">Scenario <b>${escapeHtml(run.scenario)}</b> v${escapeHtml(run.scenarioVersion)} · model ${escapeHtml(run.modelName)} · steering <b>${escapeHtml(run.steerEmotion)}</b> at layer ${run.layer} on every token, in units of the layer's mean residual norm · ${run.samples} samples per strength · seed ${run.seed} · ${r.rollouts} rollouts, ${r.generated_tokens} generated tokens · status ${run.status}</p>
<p class="meta">Parameters: <code>${escapeHtml(JSON.stringify(run.params))}</code>. Unsteered rollouts (strength 0) are shared by the emotion and the random-direction series.</p>
<h2>Dose response</h2>
${doseResponseChart(r)}
${resultsTable(r)}
${trendTable(r)}
<h2>Emotion readout per assistant turn</h2>
<p class="note">z-scores against neutral text, at the first generated token of each turn and averaged over the turn. In the coding scenario each turn is one attempt; "target first here" counts rollouts whose first misbehaviour was that turn.</p>
${[...new Set(r.trace.flatMap((p) => Object.keys(p.start)))].map((e) => turnTraceChart(r, e)).join("\n")}
${traceTable(r)}
${attemptSection(r.attempts)}
<h2>Example transcripts</h2>
${r.examples.map((x) => `<details><summary><b>${escapeHtml(x.outcome)}</b> · ${escapeHtml(x.vector)} ${x.strength} · sample ${x.sample}</summary>${transcriptHtml(x.messages)}</details>`).join("\n")}`;
  return htmlPage(`Limbic sweep ${run.id}`, body);
}
