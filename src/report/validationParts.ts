/** Building blocks of the validation page: colours, number formats, matrices, geometry and intensity charts. */
import type { GeometryResult, IntensityResult } from "../vectors/validate.js";
import { chartBlock, escapeHtml } from "./html.js";

// Distinct, colour-blind-friendly-ish palette (Tableau 10 plus two), cycled for more groups.
const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#8c564b"];

export function color(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? "#888";
}

export function pct(x: number | null | undefined): string {
  return x !== null && x !== undefined && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "n/a";
}

export function num(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

export function pValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

/** Mix white towards an RGB colour by t in [0, 1]. */
function shade(rgb: [number, number, number], t: number): string {
  const c = Math.max(0, Math.min(1, t));
  return `#${rgb
    .map((v) =>
      Math.round(255 + (v - 255) * c)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

const RED: [number, number, number] = [178, 24, 43];
const BLUE: [number, number, number] = [33, 102, 172];

/** Diverging colour for a value in [−scale, scale]: blue negative, white zero, red positive. */
export function diverging(v: number, scale: number): string {
  if (!Number.isFinite(v) || scale <= 0) return "#ffffff";
  return v >= 0 ? shade(RED, v / scale) : shade(BLUE, -v / scale);
}

/** A square matrix as a table: counts shaded by row share, or signed values on a diverging scale. */
export function matrixTable(names: readonly string[], matrix: readonly (readonly number[])[], kind: "counts" | "signed", corner: string): string {
  const esc = names.map(escapeHtml);
  const scale = Math.max(
    1e-9,
    ...matrix
      .flat()
      .map((v) => Math.abs(v))
      .filter(Number.isFinite),
  );
  const head = `<tr><th>${escapeHtml(corner)}</th>${esc.map((n) => `<th>${n}</th>`).join("")}</tr>`;
  const body = matrix.map((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    const cells = row.map((v, j) => {
      const background = kind === "counts" ? shade(BLUE, total > 0 ? v / total : 0) : diverging(v, scale);
      const strong = kind === "counts" ? total > 0 && v / total > 0.6 : Math.abs(v) / scale > 0.6;
      const text = kind === "counts" ? String(v) : v.toFixed(2);
      return `<td class="num" style="background:${background};color:${strong ? "#fff" : "#1f2328"}${i === j ? ";outline:2px solid #1f2328" : ""}" title="${esc[i]} → ${esc[j]}: ${text}">${text}</td>`;
    });
    return `<tr><th>${esc[i]}</th>${cells.join("")}</tr>`;
  });
  return `<div class="scroll"><table>\n${head}\n${body.join("\n")}\n</table></div>`;
}

export function pcaChart(emotions: readonly string[], g: GeometryResult): string {
  const k = Math.max(g.clusters.k, ...g.clusters.labels.map((l) => l + 1), 0);
  const datasets = Array.from({ length: k }, (_, c) => ({
    label: `cluster ${c + 1}`,
    backgroundColor: color(c),
    pointRadius: 4,
    data: g.coords
      .map(([x, y], i) => ({ x, y, label: emotions[i] ?? `#${i}`, cluster: g.clusters.labels[i] }))
      .filter((p) => p.cluster === c)
      .map(({ x, y, label }) => ({ x, y, label })),
  }));
  const axis = (name: string, e: number | undefined) => ({ title: { display: true, text: `${name} (${pct(e)} of variance)` } });
  const config = {
    type: "scatter",
    data: { datasets },
    options: {
      animation: false,
      scales: { x: axis("PC1 (toward positive valence)", g.explained[0]), y: axis("PC2", g.explained[1]) },
      plugins: { legend: { position: "right" } },
    },
  };
  const clusters = Array.from(
    { length: k },
    (_, c) =>
      `<tr><th style="color:${color(c)}">cluster ${c + 1}</th><td>${escapeHtml(emotions.filter((_, i) => g.clusters.labels[i] === c).join(", "))}</td></tr>`,
  );
  return `${chartBlock("pca-scatter", config)}\n<h3>k-means clusters (k = ${g.clusters.k})</h3>\n<table>\n${clusters.join("\n")}\n</table>`;
}

export function similarityHeatmap(emotions: readonly string[], g: GeometryResult): string {
  const { order, matrix } = g.similarity;
  const cell = order.length > 40 ? 6 : 22;
  let scale = 0;
  matrix.forEach((row, i) => row.forEach((v, j) => (scale = i !== j && Number.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale)));
  scale ||= 1;
  const names = order.map((i) => escapeHtml(emotions[i] ?? `#${i}`));
  const head = `<tr><th></th>${names.map((nm) => `<th class="col">${nm}</th>`).join("")}</tr>`;
  const body = order.map(
    (i, a) =>
      `<tr><th class="row">${names[a]}</th>${order.map((j, b) => `<td style="background:${diverging(matrix[i]?.[j] ?? NaN, scale)}" title="${names[a]} × ${names[b]}: ${num(matrix[i]?.[j])}"></td>`).join("")}</tr>`,
  );
  return `<style>
table.heat { border-collapse: collapse; font-size: ${cell > 6 ? 11 : 6}px; line-height: ${cell}px; }
table.heat td, table.heat th { border: 0; padding: 0; width: ${cell}px; min-width: ${cell}px; height: ${cell}px; }
table.heat th { background: none; font-weight: normal; white-space: nowrap; }
table.heat th.row { text-align: right; padding-right: 3px; width: auto; }
table.heat th.col { writing-mode: vertical-rl; transform: rotate(180deg); height: auto; padding-top: 3px; text-align: left; line-height: ${cell}px; }
</style>
<p class="note">Ordered by average-linkage clustering; red = similar, blue = opposed, saturating at ±${num(scale, 2)}.</p>
<div class="scroll"><table class="heat">\n${head}\n${body.join("\n")}\n</table></div>`;
}

export function intensityChart(t: IntensityResult, index: number): string {
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
    options: { animation: false, scales: { x: { title: { display: true, text: "value of X" } }, y: { title: { display: true, text: "z at reply start" } } } },
  };
  const rhos = Object.entries(t.spearman).map(([e, s]) => `${escapeHtml(e)} ρ = ${num(s.rho, 2)} [${num(s.interval[0], 2)}, ${num(s.interval[1], 2)}]`);
  return `<h3>${escapeHtml(t.id)}</h3>\n<p>${escapeHtml(t.description)}</p>\n${chartBlock(`intensity-${index}`, config)}
<p class="note">Spearman ρ with the danger order (bootstrap 95% interval): ${rhos.join(" · ")} · random direction ρ = ${num(t.random.rho, 2)} [${num(t.random.interval[0], 2)}, ${num(t.random.interval[1], 2)}]</p>`;
}
