/**
 * The trace report: the transcript with tokens tinted by a chosen emotion (values on hover),
 * a line chart of each emotion over the tokens with message boundaries, and the per-turn table.
 */
import type { TraceResult } from "../monitor/trace.js";
import { chartBlock, escapeHtml, htmlPage, scriptJson } from "./html.js";

const palette = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];

function percentile99(values: number[]): number {
  const sorted = values.map(Math.abs).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] || 1;
}

/** The report's body (a heading, the tinted transcript, the chart and the table), for pages that embed a trace. */
export function traceReportBody(trace: TraceResult, title = "Emotion trace", headingLevel: 1 | 2 = 1): string {
  const { emotions, tokens, messages } = trace;
  const scales = Object.fromEntries(emotions.map((e) => [e, percentile99(tokens.map((t) => t.values[e]!))]));
  const tokenHtml = messages
    .map((m) => {
      const spans = tokens
        .slice(m.tokens[0], m.tokens[1])
        .map((t) => `<span class="tok" data-i="${t.index}">${escapeHtml(t.text)}</span>`)
        .join("");
      return `<div class="msg"><div class="role">${escapeHtml(m.role)} · message ${m.index}</div><div class="text">${spans}</div></div>`;
    })
    .join("");
  const boundaries = messages.slice(1).map((m) => m.tokens[0]);
  const extent = Math.max(...emotions.map((e) => Math.max(...tokens.map((t) => Math.abs(t.values[e]!)))), 1);
  const chart = {
    type: "line",
    data: {
      datasets: [
        ...emotions.map((e, k) => ({ label: e, data: tokens.map((t) => ({ x: t.index, y: t.values[e] })), borderColor: palette[k % palette.length], borderWidth: 1.2, pointRadius: 0 })),
        ...boundaries.map((b) => ({ label: "message boundary", data: [{ x: b, y: -extent }, { x: b, y: extent }], borderColor: "#999", borderDash: [4, 4], borderWidth: 1, pointRadius: 0 })),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: true,
      scales: { x: { type: "linear", title: { display: true, text: "token" } }, y: { title: { display: true, text: "z vs neutral baseline" } } },
      plugins: { legend: { labels: { filter: "__boundaryFilter__" } } },
    },
  };
  // Chart.js legend filters are functions; the JSON config carries a marker replaced below.
  const chartHtml = chartBlock("trace-chart", chart).replace('"__boundaryFilter__"', "(item) => item.text !== 'message boundary'");
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${m.index}</td><td>${escapeHtml(m.role)}</td><td class="num">${m.tokens[1] - m.tokens[0]}</td>${emotions
          .map((e) => `<td class="num">${m.summary[e]!.mean.toFixed(2)} / ${m.summary[e]!.max.toFixed(2)} / ${m.summary[e]!.start.toFixed(2)}</td>`)
          .join("")}</tr>`,
    )
    .join("");
  const body = `
<h${headingLevel}>${escapeHtml(title)}</h${headingLevel}>
<p class="meta">${escapeHtml(trace.model.name)} · layer ${trace.layer} · ${tokens.length} tokens · ${messages.length} messages · values are z-scores against neutral text${trace.smooth ? `, smoothed over ±${trace.smooth} tokens` : ""}</p>
${trace.note ? `<p class="note">${escapeHtml(trace.note)}</p>` : ""}
<h${headingLevel + 1}>Transcript</h${headingLevel + 1}>
<p>Tint by <select id="emotion">${emotions.map((e) => `<option>${escapeHtml(e)}</option>`).join("")}</select> <span class="note">red = above the neutral baseline, blue = below; colour scale: this transcript's 99th percentile |z|. Hover a token for its values.</span></p>
<div class="transcript">${tokenHtml}</div>
<h${headingLevel + 1}>Emotions over the transcript</h${headingLevel + 1}>
<div class="chart">${chartHtml}</div>
<h${headingLevel + 1}>Per message</h${headingLevel + 1}>
<p class="note">Each cell: mean / max / value at the message's start token (for an assistant turn: the reply-start token).</p>
<div class="scroll"><table><tr><th>#</th><th>role</th><th>tokens</th>${emotions.map((e) => `<th>${escapeHtml(e)}</th>`).join("")}</tr>${rows}</table></div>
<style>
.msg { margin: .6rem 0; } .role { font-size: .8rem; color: #57606a; text-transform: uppercase; letter-spacing: .04em; }
.text { white-space: pre-wrap; font-family: ui-monospace, Menlo, monospace; font-size: .85rem; line-height: 1.7; }
.tok { border-radius: 2px; }
</style>
<script>
const TRACE = ${scriptJson({ emotions, scales, values: tokens.map((t) => emotions.map((e) => t.values[e])), cosine: tokens.map((t) => emotions.map((e) => t.cosine[e])) })};
function tint(emotion) {
  const k = TRACE.emotions.indexOf(emotion);
  const scale = TRACE.scales[emotion] || 1;
  for (const el of document.querySelectorAll(".tok")) {
    const i = Number(el.dataset.i);
    const z = TRACE.values[i][k];
    const a = Math.min(1, Math.abs(z) / scale) * 0.75;
    el.style.background = z >= 0 ? "rgba(214,39,40," + a + ")" : "rgba(31,119,180," + a + ")";
    el.title = TRACE.emotions.map((e, j) => e + ": z " + TRACE.values[i][j].toFixed(2) + " (cos " + TRACE.cosine[i][j].toFixed(3) + ")").join("\\n");
  }
}
document.getElementById("emotion").addEventListener("change", (e) => tint(e.target.value));
tint(TRACE.emotions[0]);
</script>`;
  return body;
}

export function renderTraceReport(trace: TraceResult, title = "Emotion trace"): string {
  return htmlPage(title, traceReportBody(trace, title), { charts: true });
}
