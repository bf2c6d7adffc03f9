/**
 * The live guard: rules over per-token emotion readouts, checked as each token is generated.
 * Rule: `<emotion> <op> <z>[ for <n> tokens]:<action>`, action `flag`, `halt` or
 * `steer <emotion>=<strength>[,<emotion>=<strength>...]` (strength in residual-norm units).
 */
import { InvalidInputError } from "../errors.js";
import type { GenerationControl, TokenEvent } from "../engine/contract.js";
import type { Steering } from "../engine/steering.js";
import { parseStrength } from "../engine/strength.js";
import { emotionSteering, type VectorSet } from "../vectors/vectorSet.js";
import type { EmotionReader } from "../vectors/reader.js";
import type { GuardEvent } from "./results.js";

export type GuardOp = ">" | ">=" | "<" | "<=";
export type GuardAction = { kind: "flag" } | { kind: "halt" } | { kind: "steer"; strengths: Record<string, number> };

export interface GuardRule {
  source: string;
  emotion: string;
  op: GuardOp;
  threshold: number;
  /** Consecutive tokens the condition must hold. */
  forTokens: number;
  action: GuardAction;
}

export type { GuardEvent } from "./results.js";

const rulePattern = /^\s*([^<>=:]+?)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*(?:for\s+(\d+)\s+tokens?\s*)?:\s*(.+?)\s*$/i;

export function parseGuardRule(source: string, known: readonly string[]): GuardRule {
  const match = rulePattern.exec(source);
  if (!match)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Guard rule "${source}" does not parse; write <emotion> <op> <z>[ for <n> tokens]:<flag|halt|steer <emotion>=<strength>>, e.g. "desperate>2.5 for 3 tokens:steer calm=0.05".`,
      { rule: source },
    );
  const [, emotion, op, thresholdText, forText, actionText] = match as unknown as [string, string, GuardOp, string, string | undefined, string];
  const checkEmotion = (name: string, part: string) => {
    if (!known.includes(name))
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `Guard rule "${source}": unknown emotion "${name}" in ${part}; the vector set has ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}.`,
        { rule: source },
      );
  };
  checkEmotion(emotion, "the condition");
  const threshold = Number(thresholdText);
  if (!(Math.abs(threshold) <= 100))
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Guard rule "${source}": threshold ${thresholdText} is out of range; z-scores between -100 and 100 make sense.`,
      { rule: source },
    );
  const forTokens = forText === undefined ? 1 : Number(forText);
  if (!(forTokens >= 1 && forTokens <= 100_000))
    throw new InvalidInputError("INVALID_ARGUMENT", `Guard rule "${source}": "for ${forText} tokens" must be between 1 and 100000.`, { rule: source });
  let action: GuardAction;
  const lowered = actionText.toLowerCase();
  if (lowered === "flag" || lowered === "halt") action = { kind: lowered };
  else if (lowered.startsWith("steer ")) {
    const strengths: Record<string, number> = {};
    for (const part of actionText.slice(6).split(",")) {
      const pair = /^\s*(.+?)\s*=\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
      if (!pair)
        throw new InvalidInputError("INVALID_ARGUMENT", `Guard rule "${source}": steer action part "${part.trim()}" must look like calm=0.05.`, {
          rule: source,
        });
      checkEmotion(pair[1]!, "the steer action");
      strengths[pair[1]!] = parseStrength(pair[2]!, `Guard rule "${source}": ${pair[1]}=${pair[2]}`);
    }
    action = { kind: "steer", strengths };
  } else {
    throw new InvalidInputError("INVALID_ARGUMENT", `Guard rule "${source}": unknown action "${actionText}"; use flag, halt or steer <emotion>=<strength>.`, {
      rule: source,
    });
  }
  return { source: source.trim(), emotion, op, threshold, forTokens, action };
}

/** The emotions a guard reads: the watched ones, then those its rules name. */
export function guardEmotions(rules: readonly GuardRule[], watch: readonly string[]): string[] {
  return [...new Set([...watch, ...rules.map((r) => r.emotion)])];
}

function holds(op: GuardOp, value: number, threshold: number): boolean {
  return op === ">" ? value > threshold : op === ">=" ? value >= threshold : op === "<" ? value < threshold : value <= threshold;
}

export interface GuardHost {
  setSteering(steering: Steering | null): void;
}

/** Watches tokens, fires rules, and emits events. One guard per generation. */
export class Guard {
  readonly events: GuardEvent[] = [];
  readonly reader: EmotionReader;
  private readonly streaks: number[];
  private readonly latched: boolean[];
  private readonly listeners: ((event: GuardEvent) => void)[] = [];
  private steering: Steering = [];
  /** Readouts of every token seen, in order (z per emotion of `emotions`). */
  readonly history: Record<string, number>[] = [];

  /** `reader` must read every emotion the rules and `watch` name (see guardEmotions). */
  constructor(
    private readonly set: VectorSet,
    reader: EmotionReader,
    readonly rules: readonly GuardRule[],
    watch: readonly string[] = [],
  ) {
    this.reader = reader.select(guardEmotions(rules, watch));
    this.streaks = rules.map(() => 0);
    this.latched = rules.map(() => false);
  }

  get layer(): number {
    return this.reader.layer;
  }

  onEvent(listener: (event: GuardEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Checks one generated token (its activations must include the guard's layer). */
  observe(event: TokenEvent, control: GenerationControl, host: GuardHost): Record<string, number> {
    const row = event.activations?.get(this.layer);
    if (!row) throw new InvalidInputError("INVALID_ARGUMENT", `The guard needs layer ${this.layer} in captureLayers.`);
    const readouts = this.reader.read(row);
    const values = Object.fromEntries(this.reader.emotions.map((e, i) => [e, readouts[i]!.z]));
    this.history.push(values);
    this.rules.forEach((rule, i) => {
      if (holds(rule.op, values[rule.emotion]!, rule.threshold)) this.streaks[i]!++;
      else {
        this.streaks[i] = 0;
        if (rule.action.kind === "flag") this.latched[i] = false;
      }
      if (this.latched[i] || this.streaks[i]! < rule.forTokens) return;
      this.latched[i] = true;
      const detail = this.act(rule, control, host);
      const fired: GuardEvent = { rule: rule.source, action: rule.action.kind, tokenIndex: event.index, token: event.text, values, detail };
      this.events.push(fired);
      for (const listener of this.listeners) listener(fired);
    });
    return values;
  }

  private act(rule: GuardRule, control: GenerationControl, host: GuardHost): string {
    const action = rule.action;
    if (action.kind === "halt") {
      control.halt(`guard: ${rule.source}`);
      return "generation halted";
    }
    if (action.kind === "steer") {
      this.steering = [
        ...this.steering,
        ...Object.entries(action.strengths).map(([emotion, strength]) => emotionSteering(this.set, emotion, strength, this.layer)),
      ];
      host.setSteering(this.steering);
      return `steering ${Object.entries(action.strengths)
        .map(([e, s]) => `${e} ${s >= 0 ? "+" : ""}${s}`)
        .join(", ")} from the next token on`;
    }
    return "flagged";
  }
}
