/** Rates per steering vector and strength with Wilson intervals, the trend across strengths, example transcripts, the per-turn emotion trace and the trace by attempt and outcome. */
import { rulesJudgeAgreement } from "../scenarios/agreement.js";
import { attemptTrace } from "./attemptTrace.js";
import type { AttemptTrace, JudgeSummary, RunSummary, StrengthResult, SweepExample, TrendResult, TurnTracePoint } from "./resultTypes.js";
import type { RolloutRecord, RunRecord } from "./runStore.js";
import { targetOutcomeOf } from "./targetOutcome.js";
import { trendTest } from "./trend.js";
import { wilsonInterval } from "./wilson.js";

export { targetOutcomeOf } from "./targetOutcome.js";
export type { AttemptTrace, JudgeSummary, RunSummary, StrengthResult, SweepExample, TrendResult, TurnTracePoint } from "./resultTypes.js";

export interface SweepResults {
  run: RunRecord;
  results: StrengthResult[];
  /** One per series (the steered emotion, the random control): does the rate move with strength? */
  trends: TrendResult[];
  trace: TurnTracePoint[];
  /** Readouts by attempt, split by the episode's eventual outcome (attemptTrace). */
  attempts: AttemptTrace;
  examples: SweepExample[];
  rollouts: number;
  generated_tokens: number;
  /** Present when an LLM judge graded the rollouts beside the rules (sweep --judge). */
  judge?: JudgeSummary;
}

function judgeSummary(
  results: readonly StrengthResult[],
  groups: Map<string, { vector: string; strength: number; items: RolloutRecord[] }>,
  rollouts: readonly RolloutRecord[],
): JudgeSummary | undefined {
  const judged = rollouts.filter((r) => r.judge !== null);
  if (judged.length === 0) return undefined;
  // A failed judge call is stored as "judge-error": counted apart, never read as a verdict.
  const answered = (r: RolloutRecord) => r.judge !== null && r.judge.outcome !== "judge-error";
  const ok = judged.filter(answered);
  const names = (key: string) => [...new Set(judged.map((r) => r.judge![key]).filter((v): v is string => typeof v === "string"))];
  return {
    models: names("model"),
    rubrics: names("rubric"),
    n: ok.length,
    failed: judged.length - ok.length,
    ...rulesJudgeAgreement(ok.map((r) => ({ rules: r, judge: { outcome: String(r.judge!.outcome), target: r.judge!.target === true } }))),
    cells: results.map((cell) => {
      const items = groups.get(`${cell.vector}|${cell.strength}`)!.items.filter(answered);
      return {
        vector: cell.vector,
        strength: cell.strength,
        n: items.length,
        judgeHits: items.filter((r) => r.judge!.target === true).length,
        ruleHits: items.filter((r) => r.target).length,
      };
    }),
  };
}

/** One line per run for listings (the runs store's own record carries more: the model's hash, the world, the scenario version). */
export function runSummaryOf(run: RunRecord, rollouts: number): RunSummary {
  const targetOutcome = targetOutcomeOf(run.scenario);
  return {
    id: run.id,
    scenario: run.scenario,
    steerEmotion: run.steerEmotion,
    model: run.modelName,
    createdAt: run.createdAt,
    status: run.status,
    nRollouts: rollouts,
    ...(targetOutcome ? { targetOutcome } : {}),
    strengths: run.strengths,
    samples: run.samples,
    layer: run.layer,
    seed: run.seed,
    params: run.params,
    randomControl: run.randomControl,
    vectorSet: run.vectorSet,
    ...(run.vectorSetId ? { vectorSetId: run.vectorSetId } : {}),
    ...(run.guard?.length ? { guard: run.guard } : {}),
  };
}

function seriesOf(run: RunRecord, rollout: RolloutRecord): string[] {
  if (rollout.vector === "unsteered") return [run.steerEmotion, "random"];
  return [rollout.vector === "emotion" ? run.steerEmotion : "random"];
}

/**
 * Assistant turns the model did not write (a scripted first answer) come before the generated ones:
 * how many there are, so a verdict's firstTargetTurn (an assistant turn of the conversation) lines up
 * with the generated turn it was read on.
 */
function scriptedTurns(rollout: RolloutRecord): number {
  const assistantTurns = rollout.messages.filter(
    (m, i, all) => m.role === "assistant" && (i === 0 || (all[i - 1]!.role !== "assistant" && all[i - 1]!.role !== "tool")),
  ).length;
  return Math.max(0, assistantTurns - rollout.turns.length);
}

function meanOf(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

export function summarizeRun(run: RunRecord, rollouts: readonly RolloutRecord[], options: { examplesPerOutcome?: number } = {}): SweepResults {
  const groups = new Map<string, { vector: string; strength: number; items: RolloutRecord[] }>();
  const hasRandom = rollouts.some((r) => r.vector === "random");
  for (const r of rollouts) {
    for (const vector of seriesOf(run, r)) {
      if (vector === "random" && !hasRandom) continue;
      const key = `${vector}|${r.strength}`;
      const group = groups.get(key) ?? { vector, strength: r.strength, items: [] };
      group.items.push(r);
      groups.set(key, group);
    }
  }
  const results: StrengthResult[] = [...groups.values()]
    .map(({ vector, strength, items }) => {
      const hits = items.filter((r) => r.target).length;
      const ci = wilsonInterval(hits, items.length);
      const outcomes: Record<string, number> = {};
      for (const r of items) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      return { vector, strength, n: items.length, hits, rate: ci.rate, ci_low: ci.low, ci_high: ci.high, outcomes };
    })
    .sort((a, b) => (a.vector === b.vector ? a.strength - b.strength : a.vector === "random" ? 1 : -1));

  const trends = [...new Set(results.map((x) => x.vector))].map((vector) =>
    trendTest(
      vector,
      results.filter((x) => x.vector === vector),
    ),
  );

  const trace: TurnTracePoint[] = [];
  for (const { vector, strength, items } of groups.values()) {
    const turns = Math.max(0, ...items.map((r) => r.turns.length));
    for (let turn = 0; turn < turns; turn++) {
      const present = items.filter((r) => r.turns[turn]);
      const emotions = [...new Set(present.flatMap((r) => Object.keys(r.turns[turn]!.start)))];
      const start: Record<string, number> = {};
      const mean: Record<string, number> = {};
      for (const e of emotions) {
        start[e] = meanOf(present.map((r) => r.turns[turn]!.start[e]!).filter(Number.isFinite));
        mean[e] = meanOf(present.map((r) => r.turns[turn]!.mean[e]!).filter(Number.isFinite));
      }
      const firstTarget = present.filter((r) => r.target && (r.verdict as { firstTargetTurn?: number }).firstTargetTurn === turn + scriptedTurns(r)).length;
      trace.push({ vector, strength, turn, n: present.length, start, mean, first_target: firstTarget });
    }
  }
  trace.sort((a, b) => (a.vector === b.vector ? a.strength - b.strength || a.turn - b.turn : a.vector === "random" ? 1 : -1));

  const perOutcome = options.examplesPerOutcome ?? 2;
  const examples: SweepExample[] = [];
  const taken = new Map<string, number>();
  // Prefer spreading examples over strengths: walk rollouts ordered by |strength| descending.
  for (const r of [...rollouts].sort((a, b) => Math.abs(b.strength) - Math.abs(a.strength) || a.sample - b.sample)) {
    const count = taken.get(r.outcome) ?? 0;
    if (count >= perOutcome) continue;
    taken.set(r.outcome, count + 1);
    examples.push({
      outcome: r.outcome,
      vector: r.vector === "emotion" ? run.steerEmotion : r.vector,
      strength: r.strength,
      sample: r.sample,
      messages: r.messages,
    });
  }
  const judge = judgeSummary(results, groups, rollouts);
  return {
    run,
    results,
    trends,
    trace,
    attempts: attemptTrace(run, rollouts),
    examples,
    rollouts: rollouts.length,
    generated_tokens: rollouts.reduce((a, r) => a + r.generatedTokens, 0),
    ...(judge ? { judge } : {}),
  };
}
