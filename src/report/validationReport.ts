/**
 * Renders a validation (vectors/validate.ts) as one self-contained HTML page, every headline
 * number beside its interval, its null and its random control.
 */
import type { AccuracyResult, HeldOutResult, TextReadingResult, ValidationReport } from "../vectors/validate.js";
import { escapeHtml, htmlPage } from "./html.js";
import { intensityChart, matrixTable, num, pcaChart, pct, pValue, similarityHeatmap } from "./validationParts.js";

export type { ValidationReport } from "../vectors/validate.js";

function accuracyCells(a: AccuracyResult): string {
  return `<td class="num"><strong>${pct(a.interval.rate)}</strong> [${pct(a.interval.low)}, ${pct(a.interval.high)}]</td><td class="num">${pct(a.chance)}</td><td class="num">${pValue(a.permutation.p)} (null 95th pct ${pct(a.permutation.null95)})</td><td class="num">${a.random ? `${pct(a.random.mean)} (95th pct ${pct(a.random.p95)}, ${a.random.draws} draws)` : "–"}</td>`;
}

function heldOutSection(r: ValidationReport): string {
  if (r.heldOut.length === 0)
    return `<h2>Held-out premises</h2>\n<p class="note">No extraction store beside this set (imported vectors, or a set made by an older Limbic): there are no held-out stories to read.</p>`;
  const rows = r.heldOut.flatMap((h: HeldOutResult) =>
    [h.top1, h.top5]
      .filter((a): a is AccuracyResult => a !== null)
      .map((a) => `<tr><th>${h.scope === "core12" ? "core 12" : `all ${h.emotions.length}`}: top-${a.k} (${h.stories} stories)</th>${accuracyCells(a)}</tr>`),
  );
  const confusions = r.heldOut
    .filter((h) => h.confusion)
    .map((h) => `<h3>Confusion (${h.scope === "core12" ? "core 12" : "all"})</h3>\n${matrixTable(h.emotions, h.confusion!, "counts", "truth \\ read")}`);
  return `<h2>Held-out premises</h2>
<p class="note">The same premises are held out for every emotion. Each held-out story's mean activation is read by every vector; a hit is its own emotion among the k highest z. Intervals are Wilson 95%; the null shuffles the stories' labels ${r.heldOut[0]!.top1.permutation.permutations} times; random directions go through the same denoising.</p>
<table><tr><th></th><th>vectors [95% CI]</th><th>chance</th><th>permutation null</th><th>random directions</th></tr>
${rows.join("\n")}
</table>
${confusions.join("\n")}`;
}

function sweepSection(r: ValidationReport): string {
  const rows = r.layerSweep.map(
    (s) =>
      `<tr${s.layer === r.layer ? ' style="font-weight:bold"' : ""}><td class="num">${s.layer}</td><td class="num">${pct(s.training)}</td><td class="num">${pct(s.heldOut)}</td></tr>`,
  );
  return `<h2>Layer sweep</h2>
<p class="note">The reading layer (bold) was chosen by two-fold accuracy on the training premises alone; the held-out column is shown for information and never used to choose.</p>
<table><tr><th>layer</th><th>training (two-fold)</th><th>held-out top-1</th></tr>\n${rows.join("\n")}\n</table>`;
}

function confoundSection(r: ValidationReport): string {
  const c = r.confound;
  if (!c) return "";
  return `<h2>Premise confound</h2>
<p>Guessing a story's <em>premise</em> from its readouts on the emotion vectors (premise centroids from the other emotions' stories): <strong>${pct(c.premiseTop1)}</strong> top-1 over ${c.stories} stories and ${c.premises} premises (chance ${pct(c.premiseChance)}); emotion top-1 on the held-out stories: ${pct(c.emotionTop1)}.
Well above chance means the vectors also carry what the stories are about.</p>`;
}

function textSection(title: string, t: TextReadingResult | null, note: string): string {
  if (!t) return "";
  const d = t.diagonal;
  return `<h2>${escapeHtml(title)}</h2>
<p class="note">${note} Source: ${escapeHtml(t.source)}; read at ${t.position === "reply-start" ? "the reply-start token, each text sent as a user message" : "the mean over each text's tokens"}.</p>
<p>Diagonal accuracy: <strong>${pct(d.interval.rate)}</strong> [${pct(d.interval.low)}, ${pct(d.interval.high)}] over ${t.n} texts (chance ${pct(d.chance)}, ${pValue(d.permutation.p)}).</p>
${matrixTable(t.emotions, t.meanZ, "signed", "written for \\ mean z of")}`;
}

function geometrySection(r: ValidationReport): string {
  const g = r.geometry;
  const rows = g.valence.map(
    (v) =>
      `<tr><th>${escapeHtml(v.norm)}</th><td class="num"><strong>${num(v.r, 2)}</strong></td><td class="num">${v.interval ? `[${num(v.interval[0], 2)}, ${num(v.interval[1], 2)}]` : "n/a"}</td><td class="num">${v.n}</td><td>${escapeHtml(v.description)}</td></tr>`,
  );
  return `<h2>Geometry</h2>
<p>PC1 explains ${pct(g.explained[0])} and PC2 ${pct(g.explained[1])} of the variance among the ${r.emotions.length} vectors.</p>
<table><tr><th>r(PC1, valence)</th><th>r</th><th>95% CI (Fisher)</th><th>words</th><th>norm</th></tr>\n${rows.join("\n")}\n</table>
<p>Random direction sets through the same denoising: |r| mean ${num(g.randomValence?.mean, 2)}, 95th percentile ${num(g.randomValence?.p95, 2)} (${g.randomValence?.draws ?? 0} draws). Arousal: ${escapeHtml(g.arousalNote)}</p>
<p class="note">Paper (Claude Sonnet 4.5): PC1 explains 26% and tracks valence (r = 0.81 with human ratings).</p>
${pcaChart(r.emotions, g)}
<h3>Cosine similarity</h3>
${similarityHeatmap(r.emotions, g)}`;
}

function sentimentSection(r: ValidationReport): string {
  const s = r.sentiment;
  if (!s) return "";
  const rows = s.axes.map((a) => `<tr><th>${escapeHtml(a.name)}</th><td class="num"><strong>${num(a.auroc, 2)}</strong></td></tr>`);
  return `<h2>Sentiment check</h2>
<p class="note">${s.positives} plainly positive and ${s.negatives} plainly negative hand-written sentences; AUROC on the test half (${s.probe.test} sentences). The probe is a mean difference trained on the other half (${s.probe.train}): the ceiling at this layer.</p>
<table><tr><th>axis</th><th>AUROC</th></tr>\n${rows.join("\n")}\n<tr><th>probe (ceiling)</th><td class="num">${num(s.probe.auroc, 2)}</td></tr></table>`;
}

function logitLensSection(r: ValidationReport): string {
  if (r.logitLens.length === 0) return "";
  const list = (tokens: string[]) => tokens.map((t) => `<code>${escapeHtml(t)}</code>`).join(" ");
  return `<h2>Logit lens</h2>\n<p class="note">Tokens whose unembedding aligns most (top) and least (bottom) with each vector.</p>
<table><tr><th>emotion</th><th>top tokens</th><th>bottom tokens</th></tr>\n${r.logitLens.map((l) => `<tr><th>${escapeHtml(l.emotion)}</th><td>${list(l.top)}</td><td>${list(l.bottom)}</td></tr>`).join("\n")}\n</table>`;
}

export function renderValidationReport(report: ValidationReport): string {
  const header = `<h1>Emotion vector validation</h1>
<p class="meta">Model <strong>${escapeHtml(report.model.name)}</strong> · sha256 <code>${escapeHtml(report.model.sha256.slice(0, 16))}…</code> · reading layer ${report.layer} · ${report.emotions.length} emotions · readout: ${escapeHtml(report.readout)}</p>`;
  const body = [
    header,
    heldOutSection(report),
    textSection("Implicit scenarios", report.implicit, "Hand-written messages that evoke an emotion without naming it (Limbic's own)."),
    textSection(
      "Hand-written corpus",
      report.corpus,
      "A corpus that shows each emotion without naming it: it tests reading, independent of the model's own stories.",
    ),
    sweepSection(report),
    confoundSection(report),
    geometrySection(report),
    sentimentSection(report),
    report.intensity.length
      ? `<h2>Numeric intensity templates</h2>\n<p class="note">z at the start of the reply as the number grows more dangerous (left to right); the paper finds afraid rising and calm falling.</p>\n${report.intensity.map(intensityChart).join("\n")}`
      : "",
    logitLensSection(report),
  ].join("\n\n");
  return htmlPage(`Limbic validation: ${report.model.name}`, body, { charts: true });
}
