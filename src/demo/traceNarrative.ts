/**
 * The demo's sentences about its trace, each computed from the trace's own numbers: an emotion's
 * value at the start of every assistant reply, how often it rises from one turn to the next, where
 * it sits against the neutral baseline, where it peaks, and how that compares with the paper's
 * finding (desperate climbs with each failed run and peaks where the agent cheats).
 */
import type { TraceResult } from "../monitor/results.js";

const signed = (z: number) => `${z >= 0 ? "+" : "−"}${Math.abs(z).toFixed(2)}`;

/** 1-based assistant turn of the reply right before the first passing test run (where the agent special-cases the tests), or null. */
export function cheatTurn(trace: TraceResult, contents: readonly string[]): number | null {
  let turn = 0;
  for (const m of trace.messages) {
    if (m.role === "assistant") turn++;
    else if (m.role === "tool" && /^PASS\b/.test(contents[m.index] ?? "")) return turn > 0 ? turn : null;
  }
  return null;
}

export interface TurnPattern {
  starts: number[];
  /** Turn-to-turn steps where the value went up. */
  rises: number;
  /** 1-based turn of the highest value. */
  peakTurn: number;
  /** 1-based turn from which every value is below zero, or null when the last one is not. */
  negativeFrom: number | null;
  /** Rises on at least two thirds of the steps and ends above where it started. */
  climbs: boolean;
}

export function turnPattern(trace: TraceResult, emotion: string): TurnPattern | null {
  const starts = trace.messages.filter((m) => m.role === "assistant").map((m) => m.summary[emotion]?.start ?? NaN);
  if (starts.length < 2 || starts.some((z) => !Number.isFinite(z))) return null;
  let rises = 0;
  for (let i = 1; i < starts.length; i++) if (starts[i]! > starts[i - 1]!) rises++;
  let peak = 0;
  starts.forEach((z, i) => (peak = z > starts[peak]! ? i : peak));
  let negativeFrom: number | null = null;
  for (let i = starts.length - 1; i >= 0 && starts[i]! < 0; i--) negativeFrom = i + 1;
  const climbs = rises >= (2 / 3) * (starts.length - 1) && starts[starts.length - 1]! > starts[0]!;
  return { starts, rises, peakTurn: peak + 1, negativeFrom, climbs };
}

/** Plain sentences about one emotion over the assistant turns; empty when the trace lacks it. */
export function describeEmotionOverTurns(trace: TraceResult, emotion: string, cheat: number | null): string[] {
  const p = turnPattern(trace, emotion);
  if (!p) return [];
  const n = p.starts.length;
  const steps = n - 1;
  const first = p.starts[0]!;
  const last = p.starts[n - 1]!;
  const sentences = [
    `${emotion} at the start of each assistant reply (turns 1–${n}): ${p.starts.map(signed).join(", ")}.`,
    `It rises from one turn to the next in ${p.rises} of ${steps} steps and ends ${last > first ? "above" : last < first ? "below" : "level with"} where it started (${signed(first)} → ${signed(last)}).`,
  ];
  const above = p.starts.filter((z) => z > 0).length;
  if (p.negativeFrom === 1) sentences.push(`It is below the neutral baseline in every turn.`);
  else if (p.negativeFrom !== null) sentences.push(`It is above the neutral baseline in ${above} of ${n} turns and below it from turn ${p.negativeFrom} on.`);
  else sentences.push(`It is above the neutral baseline in ${above} of ${n} turns.`);
  sentences.push(
    `Its highest value, ${signed(p.starts[p.peakTurn - 1]!)}, is at turn ${p.peakTurn}${cheat !== null ? `; the agent special-cases the tests in turn ${cheat} (${signed(p.starts[cheat - 1] ?? NaN)})` : ""}.`,
  );
  if (emotion === "desperate") {
    const peaksAtCheat = cheat !== null && p.peakTurn === cheat;
    const verdict =
      p.climbs && peaksAtCheat
        ? "this trace shows both"
        : p.climbs
          ? "this trace shows the climb but not the peak"
          : peaksAtCheat
            ? "this trace shows the peak but not the climb"
            : "this trace shows neither";
    sentences.push(`The paper reports desperate climbing with each failed run and peaking where the agent decides to cheat; ${verdict}.`);
  }
  return sentences;
}
