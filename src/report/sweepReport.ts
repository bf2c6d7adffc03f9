/**
 * The sweep report: misbehaviour rate per steering strength with Wilson 95% intervals (the
 * emotion and its random-direction control), the emotion readout per assistant turn, and
 * example transcripts for each outcome.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";
import type { SweepResults } from "../sweeps/results.js";
import { chartBlock, escapeHtml, htmlPage } from "./html.js";

const colors: Record<string, string> = { random: "#7f7f7f" };
const emotionColor = "#d62728";
const turnPalette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

function doseResponseChart(r: SweepResults): string {
  const strengths = [...new Set(r.results.map((x) => x.strength))].sort((a, b) => a - b);
  const vectors = [...new Set(r.results.map((x) => x.vector))];
  const datasets = vectors.flatMap((vector) => {
    const color = colors[vector] ?? emotionColor;
    const at = (s: number) => r.results.find((x) => x.vector === vector && x.strength === s);
    return [
      { type: "line", label: `${vector}: rate`, data: strengths.map((s) => at(s)?.rate ?? null), borderColor: color, backgroundColor: color, pointRadius: 4, spanGaps: true },
      { type: "bar", label: `${vector}: 95% Wilson interval`, data: strengths.map((s) => { const x = at(s); return x ? [x.ci_low, x.ci_high] : null; }), backgroundColor: color + "55", borderColor: color, borderWidth: 1, barPercentage: 0.25, categoryPercentage: 0.8 },
    ];
  });
  return chartBlock("dose-response", {
    type: "bar",
    data: { labels: strengths.map((s) => (s > 0 ? `+${s}` : String(s))), datasets },
    options: { animation: false, scales: { y: { min: 0, max: 1, title: { display: true, text: `${r.run.scenario}: rate of the target outcome` } }, x: { title: { display: true, text: "steering strength (fraction of the layer's mean residual norm)" } } } },
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
  const rows = r.results
    .map((x) => `<tr><td>${escapeHtml(x.vector)}</td><td class="num">${x.strength}</td><td class="num">${x.n}</td><td class="num">${(100 * x.rate).toFixed(1)}%</td><td class="num">${(100 * x.ci_low).toFixed(1)}–${(100 * x.ci_high).toFixed(1)}%</td>${outcomes.map((o) => `<td class="num">${x.outcomes[o] ?? 0}</td>`).join("")}</tr>`)
    .join("");
  return `<table><tr><th>vector</th><th>strength</th><th>n</th><th>rate</th><th>95% CI</th>${outcomes.map((o) => `<th>${escapeHtml(o)}</th>`).join("")}</tr>${rows}</table>`;
}

function traceTable(r: SweepResults): string {
  if (r.trace.length === 0) return "";
  const emotions = [...new Set(r.trace.flatMap((p) => Object.keys(p.start)))];
  const rows = r.trace
    .map((p) => `<tr><td>${escapeHtml(p.vector)}</td><td class="num">${p.strength}</td><td class="num">${p.turn + 1}</td><td class="num">${p.n}</td>${emotions.map((e) => `<td class="num">${fmt(p.start[e])} / ${fmt(p.mean[e])}</td>`).join("")}<td class="num">${p.first_target}</td></tr>`)
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
<h2>Emotion readout per assistant turn</h2>
<p class="note">z-scores against neutral text, at the first generated token of each turn and averaged over the turn. In the coding scenario each turn is one attempt; "target first here" counts rollouts whose first misbehaviour was that turn.</p>
${[...new Set(r.trace.flatMap((p) => Object.keys(p.start)))].map((e) => turnTraceChart(r, e)).join("\n")}
${traceTable(r)}
<h2>Example transcripts</h2>
${r.examples.map((x) => `<details><summary><b>${escapeHtml(x.outcome)}</b> · ${escapeHtml(x.vector)} ${x.strength} · sample ${x.sample}</summary>${transcriptHtml(x.messages)}</details>`).join("\n")}`;
  return htmlPage(`Limbic sweep ${run.id}`, body);
}
