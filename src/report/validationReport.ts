/**
 * Renders the emotion-vector validation results as one self-contained HTML page: headline
 * accuracy against chance and random directions, geometry (PCA, clusters, cosine heatmap),
 * the core confusion matrix, logit lens and numeric intensity curves.
 */
import { chartBlock, escapeHtml, htmlPage } from "./html.js";

export interface ValidationReport {
  model: { name: string; sha256: string };
  /** Reading layer. */
  layer: number;
  emotions: string[];
  top1: number;
  top5: number;
  chance_top1: number;
  chance_top5: number;
  /** The same held-out test scored with random directions. */
  random_control: { top1: number; top5: number };
  heldout_count: number;
  /** 12-emotion subset; rows = truth, columns = prediction. */
  confusion_core: { emotions: string[]; matrix: number[][] } | null;
  /** Cosine matrix of the vectors, with a clustered display order. */
  similarity: { order: number[]; matrix: number[][] };
  clusters: { k: number; labels: number[] };
  /** Per emotion (PC1, PC2). */
  pca: { explained: number[]; coords: [number, number][] };
  valence_r: number | null;
  valence_n: number;
  valence_random_r: number | null;
  arousal_r: null;
  arousal_note: string;
  logit_lens: { emotion: string; top: string[]; bottom: string[] }[];
  intensity: {
    id: string;
    description: string;
    values: number[];
    readouts: Record<string, number[]>;
    spearman: Record<string, number>;
    random_spearman: number;
  }[];
}

// Distinct, colour-blind-friendly-ish palette (Tableau 10 plus two), cycled for more groups.
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#8c564b"];

function color(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? "#888";
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "n/a";
}

function num(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

function emotionName(report: ValidationReport, i: number): string {
  return report.emotions[i] ?? `#${i}`;
}

/** Mix white towards an RGB colour by t in [0, 1]. */
function shade(rgb: [number, number, number], t: number): string {
  const c = Math.max(0, Math.min(1, t));
  const hex = rgb.map((v) => Math.round(255 + (v - 255) * c).toString(16).padStart(2, "0")).join("");
  return `#${hex}`;
}

const RED: [number, number, number] = [178, 24, 43];
const BLUE: [number, number, number] = [33, 102, 172];

/** Diverging colour for a value in [−scale, scale]: blue negative, white zero, red positive. */
function diverging(v: number, scale: number): string {
  if (!Number.isFinite(v) || scale <= 0) return "#ffffff";
  return v >= 0 ? shade(RED, v / scale) : shade(BLUE, -v / scale);
}

function headerSection(r: ValidationReport): string {
  return `<h1>Emotion vector validation</h1>
<p class="meta">Model <strong>${escapeHtml(r.model.name)}</strong> · sha256 <code>${escapeHtml(r.model.sha256.slice(0, 16))}…</code>
· reading layer ${r.layer} · ${r.emotions.length} emotions · ${r.heldout_count} held-out stories</p>`;
}

function headlineSection(r: ValidationReport): string {
  const row = (label: string, v: number, chance: number, random: number): string =>
    `<tr><th>${label}</th><td class="num"><strong>${pct(v)}</strong></td><td class="num">${pct(chance)}</td><td class="num">${pct(random)}</td></tr>`;
  return `<h2>Held-out classification</h2>
<p class="note">Each held-out story is scored against every emotion vector (cosine); a hit means the story's own emotion ranks in the top k.
The random control runs the same test with random unit directions in place of the vectors.</p>
<table>
<tr><th>metric</th><th>emotion vectors</th><th>chance</th><th>random directions</th></tr>
${row("top-1 accuracy", r.top1, r.chance_top1, r.random_control.top1)}
${row("top-5 accuracy", r.top5, r.chance_top5, r.random_control.top5)}
<tr><th>valence r (PC1 vs AFINN)</th><td class="num"><strong>${num(r.valence_r)}</strong></td><td class="num">0</td><td class="num">${num(r.valence_random_r)}</td></tr>
</table>`;
}

function pcaSection(r: ValidationReport): string {
  const k = Math.max(r.clusters.k, ...r.clusters.labels.map((l) => l + 1), 0);
  const datasets = Array.from({ length: k }, (_, c) => ({
    label: `cluster ${c + 1}`,
    backgroundColor: color(c),
    pointRadius: 4,
    data: r.pca.coords
      .map(([x, y], i) => ({ x, y, label: emotionName(r, i), cluster: r.clusters.labels[i] }))
      .filter((p) => p.cluster === c)
      .map(({ x, y, label }) => ({ x, y, label })),
  }));
  const [e1, e2] = r.pca.explained;
  const axis = (name: string, e: number | undefined) => ({ title: { display: true, text: `${name} (${e === undefined ? "n/a" : pct(e)} of variance)` } });
  const config = {
    type: "scatter",
    data: { datasets },
    options: { animation: false, scales: { x: axis("PC1", e1), y: axis("PC2", e2) }, plugins: { legend: { position: "right" } } },
  };
  return `<h2>Geometry: PCA of the emotion vectors</h2>
<p class="note">Each point is one emotion vector projected on the first two principal components, coloured by its k-means cluster (k = ${r.clusters.k}); hover for the name.</p>
${chartBlock("pca-scatter", config)}
${valenceNote(r)}
${clusterList(r, k)}`;
}

function valenceNote(r: ValidationReport): string {
  const [e1, e2] = r.pca.explained;
  const valence =
    r.valence_r === null
      ? "Too few emotion words have AFINN valence ratings to correlate PC1 with valence."
      : `PC1 correlates with AFINN-165 valence at <strong>r = ${num(r.valence_r)}</strong> over ${r.valence_n} rated words
(random-direction control r = ${num(r.valence_random_r)}). The sign of a principal component is arbitrary, so compare |r|.`;
  return `<h3>PC1 and valence</h3>
<p>PC1 explains ${e1 === undefined ? "n/a" : pct(e1)} and PC2 ${e2 === undefined ? "n/a" : pct(e2)} of the variance. ${valence}
Arousal: ${escapeHtml(r.arousal_note)}</p>
<p class="note">Paper (Claude Sonnet 4.5): PC1 explains 26% and tracks valence (r = 0.81 with human pleasure ratings);
PC2 explains 15% and tracks arousal (r = 0.66).</p>`;
}

function clusterList(r: ValidationReport, k: number): string {
  const rows = Array.from({ length: k }, (_, c) => {
    const members = r.emotions.filter((_, i) => r.clusters.labels[i] === c);
    return `<tr><th style="color:${color(c)}">cluster ${c + 1}</th><td>${escapeHtml(members.join(", "))}</td></tr>`;
  });
  return `<h3>k-means clusters</h3>\n<table>\n${rows.join("\n")}\n</table>`;
}

function largestOffDiagonal(matrix: number[][]): number {
  let m = 0;
  matrix.forEach((row, i) => row.forEach((v, j) => {
    if (i !== j && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  }));
  return m > 0 ? m : 1;
}

function heatmapSection(r: ValidationReport): string {
  const { order, matrix } = r.similarity;
  const n = order.length;
  // 171 emotions need tiny cells to fit; small sets get readable ones.
  const cell = n > 40 ? 6 : 22;
  const font = n > 40 ? 6 : 11;
  const scale = largestOffDiagonal(matrix);
  const style = `<style>
table.heat { border-collapse: collapse; font-size: ${font}px; line-height: ${cell}px; }
table.heat td, table.heat th { border: 0; padding: 0; width: ${cell}px; min-width: ${cell}px; height: ${cell}px; }
table.heat th { background: none; font-weight: normal; white-space: nowrap; }
table.heat th.row { text-align: right; padding-right: 3px; width: auto; }
table.heat th.col { writing-mode: vertical-rl; transform: rotate(180deg); height: auto; padding-top: 3px; text-align: left; line-height: ${cell}px; }
</style>`;
  const names = order.map((i) => escapeHtml(emotionName(r, i)));
  const head = `<tr><th></th>${names.map((nm) => `<th class="col">${nm}</th>`).join("")}</tr>`;
  const body = order.map((i, a) => {
    const cells = order.map((j, b) => {
      const v = matrix[i]?.[j] ?? NaN;
      return `<td style="background:${diverging(v, scale)}" title="${names[a]} × ${names[b]}: ${num(v)}"></td>`;
    });
    return `<tr><th class="row">${names[a]}</th>${cells.join("")}</tr>`;
  });
  return `<h2>Cosine similarity between emotion vectors</h2>
<p class="note">Ordered by average-linkage clustering. Red = similar, blue = opposed; colour saturates at ±${num(scale, 2)}
(the largest off-diagonal |cosine|). Hover a cell for the pair and its value.</p>
${style}
<div class="scroll"><table class="heat">
${head}
${body.join("\n")}
</table></div>`;
}

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function confusionSection(r: ValidationReport): string {
  const core = r.confusion_core;
  if (core === null) return `<h2>Confusion matrix (core emotions)</h2>\n<p class="note">Not available: the core emotions were not all part of this run.</p>`;
  const names = core.emotions.map(escapeHtml);
  const head = `<tr><th>truth \\ predicted</th>${names.map((nm) => `<th>${nm}</th>`).join("")}</tr>`;
  const body = core.matrix.map((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    const cells = row.map((v, j) => {
      const frac = total > 0 ? v / total : 0;
      const fg = frac > 0.6 ? "#fff" : "#1f2328";
      return `<td class="num" style="background:${shade(BLUE, frac)};color:${fg}" title="${names[i] ?? ""} → ${names[j] ?? ""}: ${formatCount(v)}">${formatCount(v)}</td>`;
    });
    return `<tr><th>${names[i] ?? ""}</th>${cells.join("")}</tr>`;
  });
  return `<h2>Confusion matrix (core emotions)</h2>
<p class="note">Rows are the true emotion of the held-out story, columns the best-scoring emotion among the core set; shading is the row fraction.</p>
<div class="scroll"><table>
${head}
${body.join("\n")}
</table></div>`;
}

function tokenList(tokens: string[]): string {
  return tokens.map((t) => `<code>${escapeHtml(t)}</code>`).join(" ");
}

function logitLensSection(r: ValidationReport): string {
  if (r.logit_lens.length === 0) return "";
  const rows = r.logit_lens.map((l) => `<tr><th>${escapeHtml(l.emotion)}</th><td>${tokenList(l.top)}</td><td>${tokenList(l.bottom)}</td></tr>`);
  return `<h2>Logit lens</h2>
<p class="note">Tokens whose unembedding aligns most (top) and least (bottom) with each vector.</p>
<table>
<tr><th>emotion</th><th>top tokens</th><th>bottom tokens</th></tr>
${rows.join("\n")}
</table>`;
}

function intensityChart(t: ValidationReport["intensity"][number], index: number): string {
  const datasets = Object.entries(t.readouts).map(([emotion, values], i) => ({
    label: emotion,
    data: values,
    borderColor: color(i),
    backgroundColor: color(i),
    tension: 0.2,
  }));
  const config = {
    type: "line",
    data: { labels: t.values.map(String), datasets },
    options: {
      animation: false,
      scales: { x: { title: { display: true, text: "value of X" } }, y: { title: { display: true, text: "cosine readout" } } },
    },
  };
  const rhos = Object.entries(t.spearman).map(([e, rho]) => `${escapeHtml(e)} ρ = ${num(rho, 2)}`);
  return `<h3>${escapeHtml(t.id)}</h3>
<p>${escapeHtml(t.description)}</p>
${chartBlock(`intensity-${index}`, config)}
<p class="note">Spearman with the danger order: ${rhos.join(" · ")} · random direction ρ = ${num(t.random_spearman, 2)}</p>`;
}

function intensitySection(r: ValidationReport): string {
  if (r.intensity.length === 0) return "";
  return `<h2>Numeric intensity templates</h2>
<p class="note">Readouts at the start of the assistant's reply as the number in the prompt grows more dangerous (left to right).
The paper finds fear-like emotions rising and calm falling.</p>
${r.intensity.map(intensityChart).join("\n")}`;
}

/** The whole validation report as one self-contained HTML page. */
export function renderValidationReport(report: ValidationReport): string {
  const body = [
    headerSection(report),
    headlineSection(report),
    pcaSection(report),
    heatmapSection(report),
    confusionSection(report),
    logitLensSection(report),
    intensitySection(report),
  ].join("\n\n");
  return htmlPage(`Limbic validation: ${report.model.name}`, body, { charts: true });
}
