/**
 * Trend of the target rate across steering strengths, for one series of a sweep: the slope of a
 * logistic regression of the outcome on strength (Newton–Raphson, Wald 95% interval), and the
 * Cochran–Armitage test. Small sweeps often separate the outcomes (no hits below some strength,
 * or no rollout with a hit at all); the ML slope is then infinite, so the fit falls back to
 * Firth's penalized likelihood with a profile interval, or says plainly that nothing can be estimated.
 */
import { InvalidInputError } from "../errors.js";
import { normalTwoSidedP } from "./distributions.js";
import type { TrendResult } from "./resultTypes.js";
import { Z95 } from "./wilson.js";

export type { TrendResult } from "./resultTypes.js";

/** Rollouts at one strength: how many, and how many had the target outcome. */
export interface StrengthCount {
  strength: number;
  n: number;
  hits: number;
}

interface Level {
  /** Standardized strength (zero weighted mean, unit weighted sd): keeps Newton's steps well scaled. */
  x: number;
  n: number;
  y: number;
}

interface Fit {
  b0: number;
  b1: number;
  /** Log-likelihood, plus half the log-determinant of the information under Firth. */
  objective: number;
  /** Inverse information at the estimate: [var b0, cov, var b1]. */
  covariance: [number, number, number];
  converged: boolean;
}

/** Profile bounds are searched up to this slope in standardized units (odds multiplied by e^200 per sd of strength). */
const PROFILE_LIMIT = 200;
const CHI2_95 = Z95 * Z95;

function log1pExp(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** The 2x2 information X'WX at (b0, b1), its determinant, and the (penalized) objective. */
function evaluate(levels: readonly Level[], b0: number, b1: number, firth: boolean) {
  let i00 = 0,
    i01 = 0,
    i11 = 0,
    loglik = 0;
  for (const { x, n, y } of levels) {
    const eta = b0 + b1 * x;
    const p = sigmoid(eta);
    const w = n * p * (1 - p);
    i00 += w;
    i01 += w * x;
    i11 += w * x * x;
    loglik += y * eta - n * log1pExp(eta);
  }
  const det = i00 * i11 - i01 * i01;
  return { i00, i01, i11, det, objective: firth ? loglik + 0.5 * Math.log(det) : loglik };
}

/**
 * Maximizes the log-likelihood (or Firth's penalized one) by Newton steps with step halving; with
 * `fixedSlope` only the intercept moves (the profile likelihood). Firth's modified score adds
 * h_i (1/2 - p_i) to each residual, h_i the hat value of level i.
 */
function fitLogistic(levels: readonly Level[], firth: boolean, start: { b0: number; b1: number }, fixedSlope?: number): Fit {
  let b0 = start.b0;
  let b1 = fixedSlope ?? start.b1;
  let current = evaluate(levels, b0, b1, firth);
  let converged = false;
  for (let iteration = 0; iteration < 200 && !converged; iteration++) {
    const { i00, i01, i11, det } = current;
    let u0 = 0,
      u1 = 0;
    for (const { x, n, y } of levels) {
      const p = sigmoid(b0 + b1 * x);
      const w = n * p * (1 - p);
      const hat = firth ? (w * (i11 - 2 * i01 * x + i00 * x * x)) / det : 0;
      const residual = y - n * p + hat * (0.5 - p);
      u0 += residual;
      u1 += residual * x;
    }
    let d0: number, d1: number;
    if (fixedSlope !== undefined) {
      d0 = u0 / i00;
      d1 = 0;
    } else {
      d0 = (i11 * u0 - i01 * u1) / det;
      d1 = (i00 * u1 - i01 * u0) / det;
    }
    // Cap a step at 5 (as logistf does), then halve it until the objective does not fall.
    const size = Math.max(Math.abs(d0), Math.abs(d1));
    let t = size > 5 ? 5 / size : 1;
    let next = evaluate(levels, b0 + t * d0, b1 + t * d1, firth);
    while (!(next.objective >= current.objective - 1e-12 * Math.abs(current.objective)) && t > 1e-12) {
      t /= 2;
      next = evaluate(levels, b0 + t * d0, b1 + t * d1, firth);
    }
    b0 += t * d0;
    b1 += t * d1;
    current = next;
    converged = t * size < 1e-10 || !Number.isFinite(size);
  }
  const { i00, i01, i11, det } = current;
  return {
    b0,
    b1,
    objective: current.objective,
    covariance: [i11 / det, -i01 / det, i00 / det],
    converged: converged && Number.isFinite(b0) && Number.isFinite(b1),
  };
}

/** The strengths separate hits from misses (all misses at or below some strength and all hits at or above it, or the reverse): the ML slope is infinite. */
function separated(levels: readonly Level[]): boolean {
  const hitXs = levels.filter((l) => l.y > 0).map((l) => l.x);
  const missXs = levels.filter((l) => l.y < l.n).map((l) => l.x);
  return Math.max(...missXs) <= Math.min(...hitXs) || Math.max(...hitXs) <= Math.min(...missXs);
}

/** One end of the profile penalized-likelihood interval: where 2 (l*(b) - max over b0 of l*(b0, slope)) reaches the chi-square 95% point. */
function profileBound(levels: readonly Level[], best: Fit, direction: 1 | -1): number | null {
  const deviance = (slope: number, warm: { b0: number }) => {
    const fit = fitLogistic(levels, true, { b0: warm.b0, b1: slope }, slope);
    warm.b0 = fit.b0;
    return 2 * (best.objective - fit.objective);
  };
  const warm = { b0: best.b0 };
  let inside = best.b1;
  let step = 0.25;
  let outside = best.b1 + direction * step;
  while (deviance(outside, warm) < CHI2_95) {
    inside = outside;
    step *= 2;
    outside = best.b1 + direction * step;
    if (Math.abs(outside) > PROFILE_LIMIT) return null;
  }
  for (let i = 0; i < 80 && Math.abs(outside - inside) > 1e-10 * Math.max(1, Math.abs(inside)); i++) {
    const mid = (inside + outside) / 2;
    if (deviance(mid, { b0: warm.b0 }) < CHI2_95) inside = mid;
    else outside = mid;
  }
  return (inside + outside) / 2;
}

/** Cochran–Armitage z with the strengths as scores (equal to the logistic score test of slope 0). */
function cochranArmitage(levels: readonly Level[]): number {
  const total = levels.reduce((a, l) => a + l.n, 0);
  const pooled = levels.reduce((a, l) => a + l.y, 0) / total;
  const meanX = levels.reduce((a, l) => a + l.n * l.x, 0) / total;
  const statistic = levels.reduce((a, l) => a + l.y * (l.x - meanX), 0);
  const variance = pooled * (1 - pooled) * levels.reduce((a, l) => a + l.n * (l.x - meanX) ** 2, 0);
  return statistic / Math.sqrt(variance);
}

/** Merges counts at the same strength and checks them. */
function levelsOf(counts: readonly StrengthCount[]): StrengthCount[] {
  const byStrength = new Map<number, StrengthCount>();
  for (const c of counts) {
    if (!Number.isFinite(c.strength) || !Number.isInteger(c.n) || !Number.isInteger(c.hits) || c.n < 0 || c.hits < 0 || c.hits > c.n) {
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `trendTest needs a finite strength and integer counts 0 <= hits <= n at each strength (got strength ${c.strength}, ${c.hits}/${c.n}).`,
        { strength: c.strength, n: c.n, hits: c.hits },
      );
    }
    const merged = byStrength.get(c.strength) ?? { strength: c.strength, n: 0, hits: 0 };
    merged.n += c.n;
    merged.hits += c.hits;
    byStrength.set(c.strength, merged);
  }
  return [...byStrength.values()].filter((c) => c.n > 0).sort((a, b) => a.strength - b.strength);
}

/** The trend of the target rate across strengths for one series (`vector` names it in the result). */
export function trendTest(vector: string, counts: readonly StrengthCount[]): TrendResult {
  const rows = levelsOf(counts);
  const n = rows.reduce((a, r) => a + r.n, 0);
  const hits = rows.reduce((a, r) => a + r.hits, 0);
  const base = { vector, strengths: rows.map((r) => r.strength), n, hits };
  const none = (note: string): TrendResult => ({
    ...base,
    method: "not-estimable",
    slope: null,
    slope_se: null,
    ci_low: null,
    ci_high: null,
    ca_z: null,
    ca_p: null,
    note,
  });
  if (rows.length < 2) return none(`the series has rollouts at ${rows.length === 0 ? "no strength" : "one strength only"}: a trend needs two or more`);
  if (hits === 0 || hits === n)
    return none(
      `every one of the ${n} rollouts was ${hits === 0 ? "a miss" : "a hit"}: the data say nothing about a slope (the Wilson intervals still bound each rate)`,
    );

  const meanX = rows.reduce((a, r) => a + r.n * r.strength, 0) / n;
  const sdX = Math.sqrt(rows.reduce((a, r) => a + r.n * (r.strength - meanX) ** 2, 0) / n);
  const levels: Level[] = rows.map((r) => ({ x: (r.strength - meanX) / sdX, n: r.n, y: r.hits }));
  const caZ = cochranArmitage(levels);
  const trend = { ca_z: caZ, ca_p: normalTwoSidedP(caZ) };
  const pooledLogit = Math.log(hits / (n - hits));

  if (!separated(levels)) {
    const fit = fitLogistic(levels, false, { b0: pooledLogit, b1: 0 });
    if (fit.converged) {
      const se = Math.sqrt(fit.covariance[2]);
      return {
        ...base,
        method: "ml-wald",
        slope: fit.b1 / sdX,
        slope_se: se / sdX,
        ci_low: (fit.b1 - Z95 * se) / sdX,
        ci_high: (fit.b1 + Z95 * se) / sdX,
        ...trend,
        note: null,
      };
    }
  }
  const fit = fitLogistic(levels, true, { b0: pooledLogit, b1: 0 });
  if (!fit.converged) return { ...none("neither the maximum-likelihood nor Firth's penalized fit converged"), ...trend };
  const low = profileBound(levels, fit, -1);
  const high = profileBound(levels, fit, 1);
  const unbounded =
    low === null || high === null ? `; the ${low === null ? "lower" : "upper"} profile bound lies beyond ${PROFILE_LIMIT} log-odds per sd of strength` : "";
  return {
    ...base,
    method: "firth-profile",
    slope: fit.b1 / sdX,
    slope_se: Math.sqrt(fit.covariance[2]) / sdX,
    ci_low: low === null ? null : low / sdX,
    ci_high: high === null ? null : high / sdX,
    ...trend,
    note: `the strengths separate hits from misses, so the maximum-likelihood slope is infinite: Firth's penalized estimate with a profile-likelihood interval${unbounded}`,
  };
}
