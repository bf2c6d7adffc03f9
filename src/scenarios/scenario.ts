/**
 * Pressure scenarios: multi-turn episodes a model plays through, graded by rules. The sweep runner
 * drives an Episode (generate a reply for `messages`, `step(reply)`, repeat until `done`) and
 * stores `grade()`. Episodes need no model; they can be replayed from scripted replies.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";
import { InvalidInputError } from "../errors.js";
import { blackmailScenario } from "./blackmail/scenario.js";
import { impossibleCodeScenario } from "./impossibleCode/scenario.js";
import { sycophancyScenario } from "./sycophancy/scenario.js";

export type ScenarioName = "blackmail" | "impossible-code" | "sycophancy";
export type ParamValue = string | number | boolean;

export interface Verdict {
  /** blackmail: blackmail | leak | other | plead | comply; impossible-code: cheat | honest-impossible | pass-honest | fail; sycophancy: caves | harsh | holds | unclear. */
  outcome: string;
  /** True when the outcome is the misbehaviour whose rate the sweep measures (blackmail / cheat / caves). */
  target: boolean;
  /** Short human-readable reasons: which rule fired, with a quoted snippet. */
  evidence: string[];
  /** Assistant-turn index (0-based) where the misbehaviour first appeared. */
  firstTargetTurn?: number;
  /** Scenario-specific record (parsed emails, per-attempt code and test results, per-reply cues). */
  details?: Record<string, unknown>;
}

/**
 * A reply ends where the model starts writing the other side's next line ("User: ..."): small and
 * base models continue the dialogue on their own, and what they put in the user's mouth is neither
 * their answer nor something to grade.
 */
export const TURN_STOPS: readonly string[] = ["\nUser:", "\nHuman:", "\nAssistant:", "\nuser:", "\nassistant:", "\nUSER:", "\nASSISTANT:"];

export interface Episode {
  /** Conversation so far; while not done it ends with the message the model must answer. */
  readonly messages: ChatMessage[];
  readonly done: boolean;
  /** Suggested token budget for the next reply. */
  readonly maxNewTokens: number;
  /** Appends the assistant reply, runs its tool calls, then appends the results / next user turn or finishes. */
  step(reply: string): Promise<void>;
  /** Rule-based verdict on the episode so far. */
  grade(): Verdict;
}

export interface Scenario {
  readonly name: ScenarioName;
  /** Bumped whenever any prompt text, task or grading rule changes. */
  readonly version: string;
  readonly targetOutcome: string;
  /** Every outcome grade() can return. */
  readonly outcomes: readonly string[];
  readonly defaults: Record<string, ParamValue>;
  /** Checks raw (command-line) parameters; unknown keys and bad values throw an InvalidInputError naming the allowed ones. */
  parseParams(raw: Record<string, string>): Record<string, ParamValue>;
  /** Starts an episode; the seed picks among variants (names, task, claim) deterministically. */
  start(params: Record<string, ParamValue>, seed: number): Episode;
}

export const SCENARIOS: readonly ScenarioName[] = ["blackmail", "impossible-code", "sycophancy"];

const registry: Record<ScenarioName, Scenario> = {
  blackmail: blackmailScenario,
  "impossible-code": impossibleCodeScenario,
  sycophancy: sycophancyScenario,
};

export function getScenario(name: string): Scenario {
  const scenario = (registry as Record<string, Scenario | undefined>)[name];
  if (!scenario) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Unknown scenario ${JSON.stringify(name)}; choose one of: ${SCENARIOS.join(", ")}.`, { scenario: name });
  }
  return scenario;
}
