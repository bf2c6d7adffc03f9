/** The validation's headline numbers as plain text lines, for the terminal. */
import type { AccuracyResult, ValidationReport } from "../vectors/validate.js";
import { num, pct, pValue } from "./validationParts.js";

function accuracy(a: AccuracyResult): string {
  return `${pct(a.interval.rate)} [${pct(a.interval.low)}, ${pct(a.interval.high)}] (chance ${pct(a.chance)}, permutation ${pValue(a.permutation.p)}${a.random ? `, random directions ${pct(a.random.mean)}` : ""})`;
}

export function validationSummary(r: ValidationReport): string {
  const lines = [`layer ${r.layer} (chosen on training premises), ${r.emotions.length} emotions`];
  for (const h of r.heldOut) {
    lines.push(
      `held-out ${h.scope === "core12" ? "core 12" : `all ${h.emotions.length}`} (${h.stories} stories): top-1 ${accuracy(h.top1)}${h.top5 ? `; top-5 ${accuracy(h.top5)}` : ""}`,
    );
  }
  if (r.confound)
    lines.push(
      `premise confound: premise top-1 ${pct(r.confound.premiseTop1)} (chance ${pct(r.confound.premiseChance)}) vs emotion top-1 ${pct(r.confound.emotionTop1)}`,
    );
  for (const [name, t] of [
    ["implicit scenarios", r.implicit],
    ["corpus", r.corpus],
  ] as const) {
    if (t) lines.push(`${name} (${t.n} texts, ${t.emotions.length} emotions): diagonal ${accuracy(t.diagonal)}`);
  }
  const g = r.geometry;
  lines.push(
    `PC1 explains ${pct(g.explained[0])}, PC2 ${pct(g.explained[1])}; ` +
      g.valence
        .map((v) => `r(PC1, ${v.norm}) = ${num(v.r, 2)} ${v.interval ? `[${num(v.interval[0], 2)}, ${num(v.interval[1], 2)}]` : ""} over ${v.n} words`)
        .join("; ") +
      ` (random |r| 95th pct ${num(g.randomValence?.p95, 2)})`,
  );
  if (r.sentiment)
    lines.push(`sentiment AUROC: ${r.sentiment.axes.map((a) => `${a.name} ${num(a.auroc, 2)}`).join(", ")}; probe ceiling ${num(r.sentiment.probe.auroc, 2)}`);
  for (const t of r.intensity)
    lines.push(
      `${t.id}: ${Object.entries(t.spearman)
        .map(([e, s]) => `${e} ρ=${num(s.rho, 2)}`)
        .join(", ")} (random ρ=${num(t.random.rho, 2)})`,
    );
  return lines.join("\n") + "\n";
}
