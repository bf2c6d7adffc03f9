/** The monitor evaluation as one HTML page: AUROC with intervals per emotion and readout point, ROC curves, lead times. */
import type { MonitorEvalResult } from "../monitor/monitorEval.js";
import { READOUT_POINTS } from "../monitor/monitorEval.js";
import { chartBlock, escapeHtml, htmlPage } from "./html.js";
import { color, num, pct } from "./validationParts.js";

export function renderMonitorEvalReport(r: MonitorEvalResult): string {
  const emotions = [...new Set(r.points.map((p) => p.emotion))];
  const table = `<table><tr><th>emotion</th>${READOUT_POINTS.map((p) => `<th>${p}</th>`).join("")}</tr>
${emotions.map((e) => `<tr><th>${escapeHtml(e)}</th>${READOUT_POINTS.map((point) => {
    const p = r.points.find((x) => x.emotion === e && x.point === point)!;
    return `<td class="num"><strong>${num(p.auroc, 2)}</strong> [${num(p.interval[0], 2)}, ${num(p.interval[1], 2)}]</td>`;
  }).join("")}</tr>`).join("\n")}</table>`;
  const charts = READOUT_POINTS.map((point, k) => {
    const datasets = [
      ...emotions.map((e, i) => ({ label: e, data: r.points.find((x) => x.emotion === e && x.point === point)!.roc.map(([x, y]) => ({ x, y })), showLine: true, borderColor: color(i), backgroundColor: color(i), pointRadius: 2 })),
      { label: "chance", data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: "#999", borderDash: [4, 4], pointRadius: 0 },
    ];
    const config = { type: "scatter", data: { datasets }, options: { animation: false, scales: { x: { min: 0, max: 1, title: { display: true, text: "false-positive rate" } }, y: { min: 0, max: 1, title: { display: true, text: "true-positive rate" } } } } };
    return `<h3>ROC: ${point}</h3>\n${chartBlock(`roc-${k}`, config)}`;
  });
  const leads = `<table><tr><th>emotion</th><th>threshold (dev)</th><th>test TPR</th><th>test FPR</th><th>median lead (tokens)</th></tr>
${r.leadTimes.map((l) => `<tr><th>${escapeHtml(l.emotion)}</th><td class="num">${num(l.threshold, 2)}</td><td class="num">${pct(l.truePositiveRate)}</td><td class="num">${pct(l.falsePositiveRate)}</td><td class="num">${l.medianLeadTokens ?? "–"}</td></tr>`).join("\n")}</table>`;
  const body = `<h1>Monitor evaluation</h1>
<p class="meta">Model <strong>${escapeHtml(r.model.name)}</strong> · vector set <code>${escapeHtml(r.vector_set)}</code> · layer ${r.layer} · ${r.transcripts.total} transcripts (${r.transcripts.positive} ${escapeHtml(r.positive)}, ${r.transcripts.negative} ${escapeHtml(r.negative)}) · smoothing ±${r.smooth} tokens</p>
<h2>Does the signal predict "${escapeHtml(r.positive)}"?</h2>
<p class="note">AUROC of the z readout at three points of the graded (last) assistant turn, with a bootstrap 95% interval; 0.5 is chance. "max-before-action" is the highest z over the turn's tokens before its first code block, file or tool call.</p>
${table}
<h2>Lead time</h2>
<p class="note">Threshold chosen on the dev split (${r.transcripts.dev} transcripts, Youden's J on the maximum before the action); rates and lead times measured on the test split (${r.transcripts.test}).</p>
${leads}
${charts.join("\n")}`;
  return htmlPage(`Limbic monitor evaluation: ${r.model.name}`, body, { charts: true });
}
