/**
 * Desperation across attempts (the paper's trace): for each steering cell and for all cells
 * pooled, the mean readout of each watched emotion at the start of each attempt and its maximum
 * within it, split by how the episode ended, with 95% t intervals; the mean per-episode climb over
 * the attempts; the turn on which the target behaviour first appeared, and the target episodes
 * lined up on that turn. Steering an emotion
 * shifts that emotion's own readout, so the pooled cell mixes shifted levels: read the per-cell
 * rows (above all "unsteered") for levels, the pooled one for shape.
 */
import type { AttemptCell, AttemptPoint, AttemptRise, AttemptTrace, FirstTargetTurns, MeanInterval, TargetAlignedPoint } from "./resultTypes.js";
import type { RolloutRecord, RunRecord, TurnTrace } from "./runStore.js";
import { studentTQuantile } from "./distributions.js";
import { targetOutcomeOf } from "./targetOutcome.js";

export type { AttemptCell, AttemptPoint, AttemptRise, AttemptTrace, FirstTargetTurns, MeanInterval, TargetAlignedPoint } from "./resultTypes.js";

/** The emotions a reader of the paper looks for first. */
const LEADING_EMOTIONS = ["desperate", "calm"];

const tCache = new Map<number, number>();
function t975(df: number): number {
  let t = tCache.get(df);
  if (t === undefined) tCache.set(df, (t = studentTQuantile(0.975, df)));
  return t;
}

/** Mean with its 95% t interval; null when no value is finite. */
export function meanInterval(values: readonly number[]): MeanInterval | null {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci_low: null, ci_high: null, n };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return { mean, ci_low: mean - half, ci_high: mean + half, n };
}

function signed(strength: number): string {
  return strength > 0 ? `+${strength}` : String(strength);
}

function cellsOf(run: RunRecord, rollouts: readonly RolloutRecord[]): { cell: AttemptCell; items: readonly RolloutRecord[] }[] {
  const vectorName = (r: RolloutRecord) => (r.vector === "emotion" ? run.steerEmotion : r.vector);
  const rank = (r: RolloutRecord) => (r.vector === "unsteered" ? 0 : r.vector === "emotion" ? 1 : 2);
  const groups = new Map<string, { cell: AttemptCell; items: RolloutRecord[] }>();
  for (const r of [...rollouts].sort((a, b) => rank(a) - rank(b) || a.strength - b.strength)) {
    const name = r.vector === "unsteered" ? "unsteered" : `${vectorName(r)} ${signed(r.strength)}`;
    const group = groups.get(name) ?? { cell: { cell: name, vector: vectorName(r), strength: r.strength, rollouts: 0 }, items: [] };
    group.items.push(r);
    group.cell.rollouts++;
    groups.set(name, group);
  }
  return [{ cell: { cell: "all", vector: null, strength: null, rollouts: rollouts.length }, items: rollouts }, ...groups.values()];
}

function emotionsOf(run: RunRecord, rollouts: readonly RolloutRecord[]): string[] {
  const seen = new Set(rollouts.flatMap((r) => r.turns.flatMap((t) => Object.keys(t.start))));
  const first = [...LEADING_EMOTIONS, run.steerEmotion].filter((e) => seen.has(e));
  return [...new Set([...first, ...seen])];
}

function outcomesOf(rollouts: readonly RolloutRecord[], target: string | null): string[] {
  const counts = new Map<string, number>();
  for (const r of rollouts) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const isTarget = (o: string) => o === target || rollouts.some((r) => r.outcome === o && r.target);
  return [...counts.keys()].sort((a, b) => Number(isTarget(b)) - Number(isTarget(a)) || counts.get(b)! - counts.get(a)! || a.localeCompare(b));
}

function readout(turn: TurnTrace, measure: "start" | "max", emotion: string): number | undefined {
  return measure === "start" ? turn.start[emotion] : turn.max?.[emotion];
}

/** Least-squares slope of the readout on the turn number over one episode's turns; null with fewer than two readouts. */
function episodeSlope(r: RolloutRecord, measure: "start" | "max", emotion: string): number | null {
  const points = r.turns.map((t, turn) => [turn, readout(t, measure, emotion)] as const).filter((p): p is readonly [number, number] => Number.isFinite(p[1]));
  if (points.length < 2) return null;
  const meanT = points.reduce((a, p) => a + p[0], 0) / points.length;
  const meanV = points.reduce((a, p) => a + p[1], 0) / points.length;
  const sxx = points.reduce((a, p) => a + (p[0] - meanT) ** 2, 0);
  return points.reduce((a, p) => a + (p[0] - meanT) * (p[1] - meanV), 0) / sxx;
}

/** Each emotion's mean readout over a set of turns, for one measure; emotions with no finite value are left out. */
function summarize(turns: readonly TurnTrace[], emotions: readonly string[], measure: "start" | "max"): Record<string, MeanInterval> {
  const out: Record<string, MeanInterval> = {};
  for (const e of emotions) {
    const estimate = meanInterval(turns.map((t) => readout(t, measure, e) ?? NaN));
    if (estimate) out[e] = estimate;
  }
  return out;
}

/** The turn a target episode's verdict names as the first with the target behaviour, or null. */
function firstTargetTurnOf(r: RolloutRecord): number | null {
  const turn = r.verdict.firstTargetTurn;
  return r.target && typeof turn === "number" && Number.isInteger(turn) && turn >= 0 ? turn : null;
}

function aroundTarget(cell: string, items: readonly RolloutRecord[], emotions: readonly string[]): TargetAlignedPoint[] {
  const aligned = items.flatMap((r) => {
    const first = firstTargetTurnOf(r);
    return first === null || first >= r.turns.length ? [] : [{ r, first }];
  });
  if (aligned.length === 0) return [];
  const lowest = -Math.max(...aligned.map((a) => a.first));
  const highest = Math.max(...aligned.map((a) => a.r.turns.length - 1 - a.first));
  const points: TargetAlignedPoint[] = [];
  for (let offset = lowest; offset <= highest; offset++) {
    const turns = aligned.map((a) => a.r.turns[a.first + offset]).filter((t): t is TurnTrace => t !== undefined);
    if (turns.length) points.push({ cell, offset, n: turns.length, start: summarize(turns, emotions, "start"), max: summarize(turns, emotions, "max") });
  }
  return points;
}

function firstTargetTurns(cell: string, items: readonly RolloutRecord[]): FirstTargetTurns {
  const targets = items.filter((r) => r.target);
  const counts = new Map<number, number>();
  let unknown = 0;
  for (const r of targets) {
    const turn = firstTargetTurnOf(r);
    if (turn === null) unknown++;
    else counts.set(turn, (counts.get(turn) ?? 0) + 1);
  }
  return { cell, target: targets.length, turns: [...counts].sort((a, b) => a[0] - b[0]).map(([turn, count]) => ({ turn, count })), unknown };
}

export function attemptTrace(run: RunRecord, rollouts: readonly RolloutRecord[]): AttemptTrace {
  const target = targetOutcomeOf(run.scenario);
  const emotions = emotionsOf(run, rollouts);
  const outcomes = outcomesOf(rollouts, target);
  const maxRecorded = rollouts.some((r) => r.turns.some((t) => t.max !== undefined));
  const measures = maxRecorded ? (["start", "max"] as const) : (["start"] as const);
  const cells = cellsOf(run, rollouts);
  const points: AttemptPoint[] = [];
  const rises: AttemptRise[] = [];
  for (const { cell, items } of cells) {
    for (const outcome of outcomes) {
      const episodes = items.filter((r) => r.outcome === outcome);
      const turns = Math.max(0, ...episodes.map((r) => r.turns.length));
      for (let turn = 0; turn < turns; turn++) {
        const reached = episodes.map((r) => r.turns[turn]).filter((t): t is TurnTrace => t !== undefined);
        points.push({
          cell: cell.cell,
          outcome,
          turn,
          n: reached.length,
          start: summarize(reached, emotions, "start"),
          max: summarize(reached, emotions, "max"),
        });
      }
      for (const emotion of emotions) {
        for (const measure of measures) {
          const slope = meanInterval(episodes.map((r) => episodeSlope(r, measure, emotion) ?? NaN));
          if (slope) rises.push({ cell: cell.cell, outcome, emotion, measure, slope });
        }
      }
    }
  }
  return {
    target_outcome: target,
    emotions,
    outcomes,
    max_recorded: maxRecorded,
    cells: cells.map((c) => c.cell),
    points,
    rises,
    first_target: cells.map(({ cell, items }) => firstTargetTurns(cell.cell, items)),
    around_target: cells.flatMap(({ cell, items }) => aroundTarget(cell.cell, items, emotions)),
  };
}
