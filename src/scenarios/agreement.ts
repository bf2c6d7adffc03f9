/** Agreement between two graders of the same items: raw agreement and Cohen's κ. */

export interface Agreement {
  n: number;
  /** Share of items both graders labelled the same. */
  observed: number;
  /** Agreement expected by chance from each grader's label frequencies. */
  expected: number;
  /** (observed − expected) / (1 − expected); null when chance agreement is already 1 (one label only). */
  kappa: number | null;
}

export function cohenKappa(pairs: readonly (readonly [string, string])[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { n: 0, observed: 0, expected: 0, kappa: null };
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  let same = 0;
  for (const [a, b] of pairs) {
    left.set(a, (left.get(a) ?? 0) + 1);
    right.set(b, (right.get(b) ?? 0) + 1);
    if (a === b) same++;
  }
  const observed = same / n;
  let expected = 0;
  for (const [label, count] of left) expected += (count / n) * ((right.get(label) ?? 0) / n);
  return { n, observed, expected, kappa: expected >= 1 ? null : (observed - expected) / (1 - expected) };
}

/** One item's verdict as either grader gives it. */
export interface GradedPair {
  rules: { outcome: string; target: boolean };
  judge: { outcome: string; target: boolean };
}

/** The rules against a judge over the same items: agreement on the outcome label and on "target or not". */
export function rulesJudgeAgreement(items: readonly GradedPair[]): { outcome: Agreement; target: Agreement } {
  return {
    outcome: cohenKappa(items.map((i) => [i.rules.outcome, i.judge.outcome] as const)),
    target: cohenKappa(items.map((i) => [String(i.rules.target), String(i.judge.target)] as const)),
  };
}
