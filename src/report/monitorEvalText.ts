/** The monitor evaluation as plain text for the terminal: monitor AUROC (all transcripts, test split) beside the text-only baseline on the same test split. */
import type { Estimate, MonitorEvalResult } from "../monitor/monitorEval.js";

export function estimateText(e: Estimate, digits = 2, signed = false): string {
  if (e.value === null) return "not estimable";
  const f = (x: number) => (signed && x > 0 ? "+" : "") + x.toFixed(digits);
  return `${f(e.value)} [${f(e.interval[0])}, ${f(e.interval[1])}]`;
}

/** What a reader must know beside the numbers, one line each: why a number could not be estimated, a text fit that did not converge. */
export function caveats(r: MonitorEvalResult): string[] {
  const reasons = [...r.points.flatMap((p) => [p.all, p.test, p.minusText]), ...r.textBaseline.map((t) => t.test)].flatMap((e) =>
    e.value === null ? [e.reason] : [],
  );
  for (const l of r.leadTimes) if (!l.estimable) reasons.push(l.reason);
  for (const t of r.textBaseline)
    if (t.test.value !== null && !t.converged) reasons.push(`text-only at ${t.point}: the fit stopped at its iteration limit before converging`);
  return [...new Set(reasons)];
}

export function monitorEvalText(r: MonitorEvalResult): string {
  const lines: string[] = [];
  const t = r.transcripts;
  lines.push(`${t.total} transcripts (${t.positive} ${r.positive}, ${t.negative} ${r.negative}), layer ${r.layer}, smoothing ±${r.smooth} tokens`);
  lines.push(`readouts: ${r.readouts.kind === "stored-series" ? "stored per-token series" : "traced"} (${r.readouts.detail})`);
  lines.push(
    `split (${r.split.rule}): dev ${t.dev} (${r.split.dev.positive} ${r.positive}, ${r.split.dev.negative} ${r.negative}), test ${t.test} (${r.split.test.positive} ${r.positive}, ${r.split.test.negative} ${r.negative})`,
  );
  lines.push("AUROC (0.5 = chance) with bootstrap 95% intervals. all = every transcript; test = the test split only;");
  lines.push("text-only = logistic regression on the words read up to that point, trained on dev; monitor − text: paired bootstrap on test.");
  const columns = [12, 18, 20, 20, 20];
  const row = (cells: string[]) =>
    cells
      .map((c, i) => (i < columns.length ? c.padEnd(columns[i]!) : c))
      .join(" ")
      .trimEnd();
  lines.push(row(["emotion", "point", "monitor (all)", "monitor (test)", "text-only (test)", "monitor − text (test)"]));
  for (const p of r.points) {
    const text = r.textBaseline.find((b) => b.point === p.point)!;
    lines.push(row([p.emotion, p.point, estimateText(p.all), estimateText(p.test), estimateText(text.test), estimateText(p.minusText, 2, true)]));
  }
  for (const l of r.leadTimes) {
    if (!l.estimable) {
      lines.push(`${l.emotion.padEnd(12)} lead time not estimable`);
      continue;
    }
    const rate = (x: number, i: [number, number]) => `${(100 * x).toFixed(0)}% [${(100 * i[0]).toFixed(0)}, ${(100 * i[1]).toFixed(0)}]`;
    lines.push(
      `${l.emotion.padEnd(12)} threshold ${l.threshold.toFixed(2)} (dev): test TPR ${rate(l.truePositiveRate, l.truePositiveInterval)}, FPR ${rate(l.falsePositiveRate, l.falsePositiveInterval)}, median lead ${l.medianLeadTokens ?? "-"} tokens`,
    );
  }
  for (const caveat of caveats(r)) lines.push(caveat);
  return lines.join("\n") + "\n";
}
