/**
 * The coherence window: at which steering strengths does the model still write replies worth grading?
 * Each rollout's first reply is checked three ways, fixed before any sweep was read: the scenario's own
 * form check (code that compiles, emails that parse, words), repetition (share of word 4-grams that
 * repeat an earlier one), and its mean negative log-likelihood per token under the unsteered model.
 * A reply is coherent when it is well-formed, repeats ≤ 30% of its 4-grams, and its NLL is at most one nat
 * per token above the unsteered replies' median (perplexity within e× of theirs). A first version asked for
 * at most twice the median; code a model samples itself has NLLs near 0.05, where twice is still fluent
 * (perplexity 1.05 against 1.1), so a ratio misreads it. A strength is inside the window when its coherent rate is at least 80%
 * of the unsteered rate, and so is every strength between it and 0. Checks are stored as they finish.
 */
import type { LanguageModel } from "../engine/languageModel.js";
import { InvalidInputError } from "../errors.js";
import { getScenario } from "../scenarios/registry.js";
import { createProgress } from "../util/progress.js";
import { cellKey, type RolloutRecord, type RunRecord, type RunStore } from "./runStore.js";
import { wilsonInterval } from "./wilson.js";

export const MAX_REPEATED_SHARE = 0.3;
/** Nats per token a reply may sit above the unsteered median NLL. */
export const MAX_NLL_EXCESS = 1;
export const WINDOW_RATE_RATIO = 0.8;
/** Reply tokens scored for NLL: enough to tell fluent from broken, and it bounds the logits held at once. */
const NLL_TOKENS = 256;

export interface ReplyCheck {
  wellFormed: boolean;
  reason: string;
  repeatedShare: number;
  /** Mean negative log-likelihood per token (nats) of the reply's first tokens under the unsteered model. */
  nll: number;
  tokens: number;
}

export interface CoherencePoint {
  vector: string;
  strength: number;
  n: number;
  well_formed: number;
  mean_repeated_share: number;
  median_nll: number;
  coherent: number;
  rate: number;
  ci_low: number;
  ci_high: number;
  in_window: boolean;
}

export interface CoherenceResult {
  run: string;
  scenario: string;
  steer_emotion: string;
  /** The rule as applied: the unsteered median NLL the ratio is taken against. */
  unsteered_median_nll: number;
  points: CoherencePoint[];
  /** Per vector (the emotion, random): the widest interval of strengths around 0 inside the window. */
  windows: { vector: string; low: number; high: number }[];
}

/** Share of word 4-grams that repeat an earlier 4-gram of the same text. */
export function repeatedShare(text: string): number {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length < 5) return 0;
  const seen = new Set<string>();
  let repeats = 0;
  for (let i = 0; i + 4 <= words.length; i++) {
    const gram = words.slice(i, i + 4).join(" ");
    if (seen.has(gram)) repeats++;
    seen.add(gram);
  }
  return repeats / (words.length - 3);
}

/** Mean NLL per token of `reply` after the rendered `messages`, under the model with no steering. */
export async function replyNll(model: LanguageModel, messages: RolloutRecord["messages"], reply: string): Promise<{ nll: number; tokens: number }> {
  const promptText = (await model.applyChatTemplate(messages, { addGenerationPrompt: true })).text;
  const prompt = await model.tokenizePrompt(promptText);
  const full = await model.tokenizePrompt(promptText + reply);
  const end = Math.min(full.length, prompt.length + NLL_TOKENS, model.info.contextLength);
  if (end <= prompt.length) return { nll: NaN, tokens: 0 };
  const input = full.subarray(0, end);
  const [result] = await model.forward([input], { positions: { start: prompt.length - 1 }, logits: true });
  const logits = result!.logits!;
  const vocab = logits.length / result!.positions.length;
  let sum = 0;
  let count = 0;
  for (let k = 0; k + 1 < result!.positions.length; k++) {
    const row = logits.subarray(k * vocab, (k + 1) * vocab);
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) if (row[j]! > max) max = row[j]!;
    let z = 0;
    for (let j = 0; j < vocab; j++) z += Math.exp(row[j]! - max);
    sum += max + Math.log(z) - row[input[prompt.length + k]!]!;
    count++;
  }
  return { nll: count ? sum / count : NaN, tokens: count };
}

function firstReply(rollout: RolloutRecord): { before: RolloutRecord["messages"]; reply: string } | null {
  const index = rollout.messages.findIndex((m) => m.role === "assistant");
  if (index < 0) return null;
  return { before: rollout.messages.slice(0, index), reply: String(rollout.messages[index]!.content ?? "") };
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2 : NaN;
};

/** Checks the first reply of every rollout of a run (stored checks are reused), then summarizes the window. */
export async function measureCoherence(model: LanguageModel, store: RunStore, runId: string, options: CoherenceOptions = {}): Promise<CoherenceResult> {
  const run = store.requireRun(runId);
  const own = await checkRun(model, store, run, options);
  if (options.baselineRun === undefined || own.rollouts.some((r) => r.vector === "unsteered")) return summarizeCoherence(run, own.rollouts, own.checks);
  // A run without strength 0 borrows the unsteered replies of a run with the same scenario, parameters and seed.
  const baseline = store.requireRun(options.baselineRun);
  if (baseline.scenario !== run.scenario || baseline.seed !== run.seed || JSON.stringify(baseline.params) !== JSON.stringify(run.params)) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Baseline run ${baseline.id} is not comparable with ${run.id}: it needs the same scenario, parameters and seed.`,
    );
  }
  const other = await checkRun(model, store, baseline, options);
  const unsteered = other.rollouts.filter((r) => r.vector === "unsteered");
  const checks = new Map(own.checks);
  for (const r of unsteered) checks.set(cellKey(r.vector, r.strength, r.sample), other.checks.get(cellKey(r.vector, r.strength, r.sample))!);
  return summarizeCoherence(run, [...own.rollouts, ...unsteered], checks);
}

export interface CoherenceOptions {
  progress?: boolean;
  signal?: AbortSignal;
  /** For a run without strength 0: the run whose unsteered replies are the reference. */
  baselineRun?: string;
}

async function checkRun(
  model: LanguageModel,
  store: RunStore,
  run: RunRecord,
  options: CoherenceOptions,
): Promise<{ rollouts: RolloutRecord[]; checks: Map<string, ReplyCheck> }> {
  if (run.modelSha256 !== model.info.sha256) {
    throw new InvalidInputError(
      "CONFLICT",
      `Run ${run.id} was made with model ${run.modelName}; score its replies with the same model file (the NLL is the unsteered model's).`,
    );
  }
  const scenario = getScenario(run.scenario);
  const rollouts = store.rollouts(run.id);
  if (rollouts.length === 0) throw new InvalidInputError("EMPTY_INPUT", `Run ${run.id} has no finished rollouts to check yet.`);
  const checks = store.replyChecks<ReplyCheck>(run.id);
  const todo = rollouts.filter((r) => !checks.has(cellKey(r.vector, r.strength, r.sample)));
  const progress = createProgress("coherence", todo.length, { silent: !(options.progress ?? false) });
  for (const [i, rollout] of todo.entries()) {
    if (options.signal?.aborted) break;
    const first = firstReply(rollout);
    const check: ReplyCheck = first
      ? { ...formOf(scenario.wellFormed(first.reply)), repeatedShare: repeatedShare(first.reply), ...(await scored(model, first.before, first.reply)) }
      : { wellFormed: false, reason: "no reply", repeatedShare: 0, nll: NaN, tokens: 0 };
    store.addReplyCheck(run.id, rollout.vector, rollout.strength, rollout.sample, check);
    checks.set(cellKey(rollout.vector, rollout.strength, rollout.sample), check);
    progress.tick(i + 1);
  }
  progress.finish();
  return { rollouts, checks };
}

function formOf(check: { ok: boolean; reason: string }): { wellFormed: boolean; reason: string } {
  return { wellFormed: check.ok, reason: check.reason };
}

async function scored(model: LanguageModel, before: RolloutRecord["messages"], reply: string): Promise<{ nll: number; tokens: number }> {
  return reply.trim() ? replyNll(model, before, reply) : { nll: NaN, tokens: 0 };
}

/** The window from stored checks (pure: tests feed it checks directly). */
export function summarizeCoherence(run: RunRecord, rollouts: readonly RolloutRecord[], checks: ReadonlyMap<string, ReplyCheck>): CoherenceResult {
  const checked = rollouts
    .map((r) => ({ r, c: checks.get(cellKey(r.vector, r.strength, r.sample)) }))
    .filter((x): x is { r: RolloutRecord; c: ReplyCheck } => x.c !== undefined);
  const unsteered = checked.filter((x) => x.r.vector === "unsteered" || x.r.strength === 0);
  const baseNll = median(unsteered.map((x) => x.c.nll));
  const coherent = (c: ReplyCheck) =>
    c.wellFormed && c.repeatedShare <= MAX_REPEATED_SHARE && Number.isFinite(c.nll) && (!Number.isFinite(baseNll) || c.nll <= baseNll + MAX_NLL_EXCESS);
  const groups = new Map<string, { vector: string; strength: number; items: ReplyCheck[] }>();
  for (const { r, c } of checked) {
    const vector = r.vector === "emotion" ? run.steerEmotion : r.vector;
    const key = `${vector}|${r.strength}`;
    const group = groups.get(key) ?? { vector, strength: r.strength, items: [] };
    group.items.push(c);
    groups.set(key, group);
  }
  const points: CoherencePoint[] = [...groups.values()].map(({ vector, strength, items }) => {
    const hits = items.filter(coherent).length;
    const ci = wilsonInterval(hits, items.length);
    return {
      vector,
      strength,
      n: items.length,
      well_formed: items.filter((c) => c.wellFormed).length,
      mean_repeated_share: items.reduce((a, c) => a + c.repeatedShare, 0) / items.length,
      median_nll: median(items.map((c) => c.nll)),
      coherent: hits,
      rate: ci.rate,
      ci_low: ci.low,
      ci_high: ci.high,
      in_window: false,
    };
  });
  const base = points.find((p) => p.vector === "unsteered");
  const baseRate = base?.rate ?? 1;
  const windows: CoherenceResult["windows"] = [];
  for (const vector of [...new Set(points.map((p) => p.vector))].filter((v) => v !== "unsteered")) {
    const series = points.filter((p) => p.vector === vector);
    let low = 0;
    let high = 0;
    for (const side of [1, -1]) {
      for (const point of series.filter((p) => Math.sign(p.strength) === side).sort((a, b) => Math.abs(a.strength) - Math.abs(b.strength))) {
        if (point.rate < WINDOW_RATE_RATIO * baseRate) break;
        point.in_window = true;
        if (side > 0) high = point.strength;
        else low = point.strength;
      }
    }
    windows.push({ vector, low, high });
  }
  if (base) base.in_window = true;
  points.sort((a, b) => (a.vector === b.vector ? a.strength - b.strength : a.vector.localeCompare(b.vector)));
  return { run: run.id, scenario: run.scenario, steer_emotion: run.steerEmotion, unsteered_median_nll: baseNll, points, windows };
}
