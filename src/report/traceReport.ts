/**
 * The trace report: the transcript with tokens tinted by a chosen emotion (values on hover),
 * a line chart of each emotion over the tokens with message boundaries, and the per-turn table.
 * The chart is made to be read: the focus emotion drawn boldly and at most a few others shown,
 * lines averaged over a few tokens when the trace is unsmoothed, the y-axis fitted to the bulk
 * of the values (one spike cannot flatten the rest) and the x-axis to the tokens.
 */
import type { TraceResult } from "../monitor/trace.js";
import { chartBlock, escapeHtml, htmlPage, scriptJson } from "./html.js";

const palette = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];

function percentile99(values: number[]): number {
  const sorted = values.map(Math.abs).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] || 1;
}

/** Lines drawn at first; the rest are in the legend, a click away. */
export const CHART_VISIBLE_LINES = 4;
/** Tokens on each side averaged for the chart when the trace itself is unsmoothed. */
export const CHART_SMOOTH = 3;

export interface TraceReportOptions {
  /** The emotion the transcript is tinted by and the chart draws boldly (default: the trace's first). */
  focus?: string;
}

/**
 * Centred moving average over ±radius within one message, so a boundary does not blur two turns
 * together. Token 0 (the sequence start, whose activations are atypical and often spike) keeps its
 * own value and is not averaged into its neighbours.
 */
function displaySeries(trace: TraceResult, emotion: string, radius: number): number[] {
  const { tokens } = trace;
  return tokens.map((t) => {
    if (t.index === 0) return t.values[emotion]!;
    let sum = 0;
    let count = 0;
    for (let i = Math.max(1, t.index - radius); i <= Math.min(tokens.length - 1, t.index + radius); i++) {
      if (tokens[i]!.message !== t.message) continue;
      sum += tokens[i]!.values[emotion]!;
      count++;
    }
    return count ? sum / count : t.values[emotion]!;
  });
}

/** ±limit for the y-axis: the 99th percentile of |z| over the drawn lines, with a margin, rounded up to a half. */
export function chartLimit(series: readonly (readonly number[])[]): number {
  const p99 = percentile99(series.flat().filter(Number.isFinite));
  return Math.max(0.5, Math.ceil(p99 * 1.15 * 2) / 2);
}

/** The focus first, then the trace's order. */
function chartOrder(emotions: readonly string[], focus: string): string[] {
  return [focus, ...emotions.filter((e) => e !== focus)];
}

/** The report's body (a heading, the tinted transcript, the chart and the table), for pages that embed a trace. */
export function traceReportBody(trace: TraceResult, title = "Emotion trace", headingLevel: 1 | 2 = 1, options: TraceReportOptions = {}): string {
  const { emotions, tokens, messages } = trace;
  const focus = options.focus && emotions.includes(options.focus) ? options.focus : emotions[0]!;
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
  const smoothForChart = trace.smooth === 0 ? CHART_SMOOTH : 0;
  const ordered = chartOrder(emotions, focus);
  const series = new Map(ordered.map((e) => [e, smoothForChart ? displaySeries(trace, e, smoothForChart) : tokens.map((t) => t.values[e]!)]));
  const visible = ordered.slice(0, CHART_VISIBLE_LINES);
  // The sequence-start token is left out of the fit (its spike is cut off and counted in the note).
  const limit = chartLimit(visible.map((e) => series.get(e)!.slice(1)));
  const clipped = visible.reduce((n, e) => n + series.get(e)!.filter((v) => Math.abs(v) > limit).length, 0);
  const chart = {
    type: "line",
    data: {
      datasets: [
        ...ordered.map((e) => ({
          label: e,
          data: series.get(e)!.map((y, i) => ({ x: i, y })),
          borderColor: palette[emotions.indexOf(e) % palette.length],
          borderWidth: e === focus ? 2.4 : 1.2,
          pointRadius: 0,
          hidden: !visible.includes(e),
        })),
        ...boundaries.map((b) => ({
          label: "message boundary",
          data: [
            { x: b, y: -limit },
            { x: b, y: limit },
          ],
          borderColor: "#999",
          borderDash: [4, 4],
          borderWidth: 1,
          pointRadius: 0,
        })),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: true,
      scales: {
        x: { type: "linear", min: 0, max: Math.max(0, tokens.length - 1), title: { display: true, text: "token" } },
        y: {
          min: -limit,
          max: limit,
          title: { display: true, text: `z vs neutral baseline${smoothForChart ? ` (averaged over ±${smoothForChart} tokens)` : ""}` },
        },
      },
      plugins: { legend: { labels: { filter: "__boundaryFilter__" } } },
    },
  };
  // Chart.js legend filters are functions; the JSON config carries a marker replaced below.
  const chartHtml = chartBlock("trace-chart", chart).replace('"__boundaryFilter__"', "(item) => item.text !== 'message boundary'");
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${m.index}</td><td>${escapeHtml(m.role)}</td><td class="num">${m.tokens[1] - m.tokens[0]}</td>${emotions
          .map((e) => `<td class="num triple">${m.summary[e]!.mean.toFixed(2)} / ${m.summary[e]!.max.toFixed(2)} / ${m.summary[e]!.start.toFixed(2)}</td>`)
          .join("")}</tr>`,
    )
    .join("");
  const body = `
<h${headingLevel}>${escapeHtml(title)}</h${headingLevel}>
<p class="meta">${escapeHtml(trace.model.name)} · layer ${trace.layer} · ${tokens.length} tokens · ${messages.length} messages · values are z-scores against neutral text${trace.smooth ? `, smoothed over ±${trace.smooth} tokens` : ""}</p>
${trace.note ? `<p class="note">${escapeHtml(trace.note)}</p>` : ""}
<h${headingLevel + 1}>Transcript</h${headingLevel + 1}>
<p>Tint by <select id="emotion">${emotions.map((e) => `<option${e === focus ? " selected" : ""}>${escapeHtml(e)}</option>`).join("")}</select> <span class="note">red = above the neutral baseline, blue = below; colour scale: this transcript's 99th percentile |z|. Hover a token for its values.</span></p>
<div class="transcript">${tokenHtml}</div>
<h${headingLevel + 1}>Emotions over the transcript</h${headingLevel + 1}>
<p class="note">${escapeHtml(focus)} drawn boldly${ordered.length > visible.length ? `; ${ordered.length - visible.length} more emotion${ordered.length - visible.length === 1 ? "" : "s"} in the legend (click one to show it)` : ""}${smoothForChart ? `; lines averaged over ±${smoothForChart} tokens within a message (the table and hover values are not)` : ""}; y-axis ±${limit}${clipped ? `, ${clipped} value${clipped === 1 ? "" : "s"} beyond it cut off (the table has every max)` : ""}.</p>
<div class="chart">${chartHtml}</div>
<h${headingLevel + 1}>Per message</h${headingLevel + 1}>
<p class="note">Each cell: mean / max / value at the message's start token (for an assistant turn: the reply-start token).</p>
<div class="scroll"><table><tr><th>#</th><th>role</th><th>tokens</th>${emotions.map((e) => `<th>${escapeHtml(e)}</th>`).join("")}</tr>${rows}</table></div>
<style>
.msg { margin: .6rem 0; } .role { font-size: .8rem; color: #57606a; text-transform: uppercase; letter-spacing: .04em; }
.text { white-space: pre-wrap; font-family: ui-monospace, Menlo, monospace; font-size: .85rem; line-height: 1.7; }
.tok { border-radius: 2px; }
td.triple { white-space: nowrap; }
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
tint(${scriptJson(focus)});
</script>`;
  return body;
}

export function renderTraceReport(trace: TraceResult, title = "Emotion trace", options: TraceReportOptions = {}): string {
  return htmlPage(title, traceReportBody(trace, title, 1, options), { charts: true });
}
