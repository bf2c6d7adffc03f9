/** The trend across strengths as text: one line per series, with the slope's interval and the Cochran–Armitage p. */
import type { TrendResult } from "../sweeps/resultTypes.js";

/** A p-value in two significant digits (3.3e-7, 0.0085, 0.41). */
export function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

function signed(x: number, digits: number): string {
  return `${x > 0 ? "+" : ""}${x.toFixed(digits)}`;
}

/** "+15.2 [8.9, 21.6]", with "?" for a bound the profile search did not reach. */
export function slopeText(t: TrendResult): string {
  const bound = (x: number | null) => (x === null ? "?" : x.toFixed(1));
  return t.slope === null ? "not estimable" : `${signed(t.slope, 1)} [${bound(t.ci_low)}, ${bound(t.ci_high)}]`;
}

export const METHOD_LABEL: Record<TrendResult["method"], string> = {
  "ml-wald": "ML, Wald interval",
  "firth-profile": "Firth, profile interval",
  "not-estimable": "not estimable",
};

export function trendSummary(trends: readonly TrendResult[], outcome: string): string {
  if (trends.length === 0) return "";
  const lines = [`trend across strengths: slope of the log-odds of ${outcome} per unit of strength, 95% CI; Cochran–Armitage test`];
  for (const t of trends) {
    const test = t.ca_z === null || t.ca_p === null ? "" : `  z ${signed(t.ca_z, 2)}  p ${formatP(t.ca_p)}`;
    const head = `  ${t.vector.padEnd(12)} ${t.hits}/${t.n} over ${t.strengths.length} strengths  `;
    if (t.method === "not-estimable") lines.push(`${head}not estimable: ${t.note}${test}`);
    else
      lines.push(
        `${head}slope ${slopeText(t)} (${METHOD_LABEL[t.method]})${test}${t.method === "firth-profile" ? "  (the strengths separate hits from misses)" : ""}`,
      );
  }
  return lines.join("\n") + "\n";
}
