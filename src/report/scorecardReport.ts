/**
 * Renders a replication (replicate/replicate.ts) as one HTML page: one table per vector source,
 * each row the paper's claim, our number with its interval, the null beside it and a verdict.
 */
import type { ReplicationResult, ScorecardRow } from "../replicate/types.js";
import { escapeHtml, htmlPage } from "./html.js";

const VERDICT_COLOURS: Record<ScorecardRow["verdict"], string> = {
  reproduced: "#1a7f37",
  weaker: "#9a6700",
  "not reproduced": "#cf222e",
  "not measurable": "#57606a",
  "not run": "#57606a",
};

function rowHtml(r: ScorecardRow): string {
  return `<tr><td>${escapeHtml(r.measure)}</td><td>${escapeHtml(r.paper.text)}</td><td>${escapeHtml(r.ours.text)}</td><td>${r.control ? `${escapeHtml(r.control.label)}: ${escapeHtml(r.control.text)}` : "–"}</td><td style="color:${VERDICT_COLOURS[r.verdict]};font-weight:600;white-space:nowrap">${escapeHtml(r.verdict)}</td><td class="note">${escapeHtml(r.reason)}</td></tr>`;
}

const SOURCE_TITLES: Record<ScorecardRow["source"], string> = {
  self: "Vectors from stories the model wrote itself",
  reference: "Vectors from Limbic's reference corpus (stories written for Limbic, not by the model)",
  both: "Across sources, and behaviour",
};

export function scorecardText(result: ReplicationResult): string {
  const lines = [
    `limbic replicate: ${result.model.name} (${result.model.file}), ${result.settings.emotions}, ${result.settings.storiesPerEmotion} premises per emotion${result.settings.quick ? ", quick" : ""}${result.settings.shuffledLabels ? ", SHUFFLED LABELS (control)" : ""}`,
  ];
  for (const source of ["self", "reference", "both"] as const) {
    const rows = result.rows.filter((r) => r.source === source);
    if (rows.length === 0) continue;
    lines.push("", SOURCE_TITLES[source]);
    for (const r of rows)
      lines.push(
        `  ${r.verdict.padEnd(15)} ${r.measure}\n  ${"".padEnd(15)} ours: ${r.ours.text}${r.control ? ` | ${r.control.label}: ${r.control.text}` : ""}`,
      );
  }
  const counts: Record<string, number> = {};
  for (const r of result.rows) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  lines.push(
    "",
    `verdicts: ${Object.entries(counts)
      .map(([v, n]) => `${n} ${v}`)
      .join(", ")}`,
  );
  return lines.join("\n") + "\n";
}

function diagnosticsHtml(result: ReplicationResult): string {
  const parts = result.sources
    .filter((s) => s.diagnostics?.layers.length)
    .map((s) => {
      const d = s.diagnostics!;
      const shares = Object.keys(d.layers[0]!.heldOut);
      const rows = d.layers.map(
        (l) =>
          `<tr${l.layer === d.readingLayer ? ' style="font-weight:bold"' : ""}><td class="num">${l.layer}</td><td class="num">${l.training === null ? "–" : `${(100 * l.training).toFixed(0)}%`}</td>${shares.map((k) => `<td class="num">${(100 * l.heldOut[k]!).toFixed(0)}%</td>`).join("")}</tr>`,
      );
      const recall = Object.entries(d.recall)
        .map(([e, r]) => `${escapeHtml(e)} ${Number.isFinite(r) ? `${(100 * r).toFixed(0)}%` : "–"}`)
        .join(", ");
      return `<h3>${escapeHtml(s.source === "self" ? "Self-written stories" : "Reference corpus")}</h3>
<table><tr><th>layer</th><th>training two-fold (chose the layer)</th>${shares.map((k) => `<th>held-out top-1, denoise ${k}</th>`).join("")}</tr>
${rows.join("\n")}</table>
<p class="note">Held-out recall per emotion at layer ${d.readingLayer}: ${recall}.</p>`;
    });
  return parts.length
    ? `<h2>Diagnostics: held-out top-1 by layer and denoising share</h2>
<p class="note">Computed from the stored story means for information only; the reading layer (bold) and the denoising share were chosen on the training premises, never on these numbers.</p>
${parts.join("\n")}`
    : "";
}

export function renderScorecard(result: ReplicationResult): string {
  const sections = (["self", "reference", "both"] as const)
    .map((source) => {
      const rows = result.rows.filter((r) => r.source === source);
      if (rows.length === 0) return "";
      const seconds = result.sources.find((s) => s.source === source)?.seconds;
      return `<h2>${escapeHtml(SOURCE_TITLES[source])}</h2>${seconds !== undefined ? `<p class="note">${Math.round(seconds)} s of model time for this source.</p>` : ""}
<table><tr><th>measurement</th><th>paper (Claude Sonnet 4.5)</th><th>ours [95% interval]</th><th>null / control</th><th>verdict</th><th>why</th></tr>
${rows.map(rowHtml).join("\n")}
</table>`;
    })
    .join("\n");
  const s = result.settings;
  return htmlPage(
    `Replication scorecard: ${result.model.name}`,
    `<h1>Replication scorecard: ${escapeHtml(result.model.name)}</h1>
${s.shuffledLabels ? `<p style="color:#cf222e;font-weight:600">Control run: the reference stories' emotion labels were shuffled within each premise. Every reading row should say "not reproduced".</p>` : ""}
<p>${escapeHtml(result.model.file)} (sha256 ${escapeHtml(result.model.sha256.slice(0, 12))}…, ${result.model.nLayer} layers, n_embd ${result.model.nEmbd}); ${s.emotions === "all" ? "all 171 emotions" : "the core 12 emotions"} on ${s.storiesPerEmotion} shared premises (0.2 held out), seed ${s.seed}${s.quick ? ", quick mode (small budgets: a smoke test, not a result)" : ""}; ${Math.round(result.wallSeconds)} s of model time in all.</p>
<p class="note">Verdicts follow one rule fixed before any model ran: <em>significant</em> means the number beats its null (an accuracy beats both the label permutation, p &lt; 0.05, and the random directions' 95th percentile; a correlation's interval clears the random sets' 95th percentile; a difference's bootstrap interval excludes zero, with its permutation p &lt; 0.05 where there is one); <em>reproduced</em> is significant and at least 75% of the paper's number (or the row's stated bar where the paper gives no number); <em>weaker</em> is significant but short of it; <em>not reproduced</em> is not significant. Behaviour rows are read from sweep runs of this model in the runs store and say "not run" when there are none.</p>
${sections}
${diagnosticsHtml(result)}`,
  );
}
