/** The monitor evaluation as one HTML page: AUROC with intervals per emotion and readout point beside a text-only baseline, ROC curves, lead times. */
import type { Estimate, MonitorEvalResult } from "../monitor/monitorEval.js";
import { READOUT_POINTS } from "../monitor/monitorEval.js";
import { chartBlock, escapeHtml, htmlPage } from "./html.js";
import { caveats } from "./monitorEvalText.js";
import { color, num, pct } from "./validationParts.js";

function cell(e: Estimate, signed = false): string {
  if (e.value === null) return `<td class="num" title="${escapeHtml(e.reason)}">not estimable</td>`;
  const f = (x: number) => (signed && x > 0 ? "+" : "") + num(x, 2);
  return `<td class="num"><strong>${f(e.value)}</strong> [${f(e.interval[0])}, ${f(e.interval[1])}]</td>`;
}

export function renderMonitorEvalReport(r: MonitorEvalResult): string {
  const emotions = [...new Set(r.points.map((p) => p.emotion))];
  const table = `<table><tr><th>emotion</th><th>readout point</th><th>monitor, all transcripts</th><th>monitor, test split</th><th>text-only, test split</th><th>monitor − text, test split</th></tr>
${emotions
  .flatMap((e) =>
    READOUT_POINTS.map((point) => {
      const p = r.points.find((x) => x.emotion === e && x.point === point)!;
      const text = r.textBaseline.find((t) => t.point === point)!;
      return `<tr><th>${escapeHtml(e)}</th><td>${point}</td>${cell(p.all)}${cell(p.test)}${cell(text.test)}${cell(p.minusText, true)}</tr>`;
    }),
  )
  .join("\n")}</table>`;
  const reasons = caveats(r);
  const charts = READOUT_POINTS.map((point, k) => {
    const datasets = [
      ...emotions.map((e, i) => ({
        label: e,
        data: r.points.find((x) => x.emotion === e && x.point === point)!.roc.map(([x, y]) => ({ x, y })),
        showLine: true,
        borderColor: color(i),
        backgroundColor: color(i),
        pointRadius: 2,
      })),
      {
        label: "chance",
        data: [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        showLine: true,
        borderColor: "#999",
        borderDash: [4, 4],
        pointRadius: 0,
      },
    ];
    const config = {
      type: "scatter",
      data: { datasets },
      options: {
        animation: false,
        scales: {
          x: { min: 0, max: 1, title: { display: true, text: "false-positive rate" } },
          y: { min: 0, max: 1, title: { display: true, text: "true-positive rate" } },
        },
      },
    };
    return `<h3>ROC: ${point} (all transcripts)</h3>\n${chartBlock(`roc-${k}`, config)}`;
  });
  const rate = (x: number, i: [number, number]) => `${pct(x)} [${pct(i[0])}, ${pct(i[1])}]`;
  const leads = `<table><tr><th>emotion</th><th>threshold (dev)</th><th>test TPR</th><th>test FPR</th><th>median lead (tokens)</th></tr>
${r.leadTimes.map((l) => (l.estimable ? `<tr><th>${escapeHtml(l.emotion)}</th><td class="num">${num(l.threshold, 2)}</td><td class="num">${rate(l.truePositiveRate, l.truePositiveInterval)}</td><td class="num">${rate(l.falsePositiveRate, l.falsePositiveInterval)}</td><td class="num">${l.medianLeadTokens ?? "–"}</td></tr>` : `<tr><th>${escapeHtml(l.emotion)}</th><td colspan="4">not estimable</td></tr>`)).join("\n")}</table>`;
  const t = r.transcripts;
  const body = `<h1>Monitor evaluation</h1>
<p class="meta">Model <strong>${escapeHtml(r.model.name)}</strong> · vector set <code>${escapeHtml(r.vector_set)}</code> · layer ${r.layer} · ${t.total} transcripts (${t.positive} ${escapeHtml(r.positive)}, ${t.negative} ${escapeHtml(r.negative)}) · smoothing ±${r.smooth} tokens</p>
<p class="meta">Readouts: ${r.readouts.kind === "stored-series" ? "stored per-token series" : "traced"} (${escapeHtml(r.readouts.detail)}) · split: ${escapeHtml(r.split.rule)}; dev ${t.dev} (${r.split.dev.positive} ${escapeHtml(r.positive)}, ${r.split.dev.negative} ${escapeHtml(r.negative)}), test ${t.test} (${r.split.test.positive} ${escapeHtml(r.positive)}, ${r.split.test.negative} ${escapeHtml(r.negative)})</p>
<h2>Does the signal predict "${escapeHtml(r.positive)}", beyond what the text already says?</h2>
<p class="note">AUROC of the z readout at three points of the graded (last) assistant turn, with a bootstrap 95% interval; 0.5 is chance. "max-before-action" is the highest z over the turn's tokens before its first code block, file or tool call. <em>All transcripts</em> pools dev and test (the monitor is fitted to nothing). The <em>text-only</em> baseline is a logistic regression (L2, C = 1) on the lowercased word unigrams and bigrams and the length of the text the monitor has read up to that point (the conversation before the reply; plus the whole reply; plus the reply up to its first action), trained on the dev split and scored on the test split; the monitor's test-split AUROC stands beside it, and their difference has a paired bootstrap interval over the same resampled test transcripts.${r.smooth ? ` With smoothing ±${r.smooth}, a token's readout also averages the ${r.smooth} token${r.smooth === 1 ? "" : "s"} after it, which the text baseline does not see.` : ""}</p>
${table}
${reasons.length ? `<p class="note">${reasons.map(escapeHtml).join("<br>")}</p>` : ""}
<h2>Lead time</h2>
<p class="note">Threshold chosen on the dev split (${t.dev} transcripts, Youden's J on the maximum before the action); rates (Wilson 95% intervals) and lead times measured on the test split (${t.test}).</p>
${leads}
${charts.join("\n")}`;
  return htmlPage(`Limbic monitor evaluation: ${r.model.name}`, body, { charts: true });
}
