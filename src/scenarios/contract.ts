/**
 * The scenario contract: what every pressure scenario provides and what the sweep runner, the grade
 * command and the calibration sets rely on. The runner drives an Episode (generate a reply for
 * `messages`, `step(reply)`, repeat until `done`) and stores `grade()`; `gradeTranscript` grades a
 * finished conversation from anywhere. `defineScenario` adds the parameter, seed and world-file
 * handling every scenario shares. The registry (registry.ts) lists the scenarios.
 */
import type { ChatMessage, ToolDefinition } from "../engine/chatTemplate.js";
import { checkSeed, defaultParams, parseParamStrings, resolveParams, type ParamSpecs, type ParamValue } from "./params.js";
import { readWorldFile } from "./worldData.js";

/** Replies end at the next role line: what a model writes for the other side is not graded. */
export { TURN_STOPS } from "../engine/turnStops.js";

export type { ParamValue } from "./params.js";

export interface Verdict {
  /** blackmail: blackmail | leak | other | plead | comply; impossible-code: cheat | unverifiable | honest-impossible | pass-honest | fail; sycophancy: caves | agreed-from-start | harsh | holds | unclear. */
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

export interface Episode {
  /** Conversation so far; while not done it ends with the message the model must answer. */
  readonly messages: ChatMessage[];
  readonly done: boolean;
  /** Suggested token budget for the next reply. */
  readonly maxNewTokens: number;
  /** The world this episode plays (a built-in one or one from a file), as gradeTranscript takes it. */
  readonly world: unknown;
  /** Tools to render through the chat template (only when started with nativeTools). */
  readonly tools?: readonly ToolDefinition[];
  /** Appends the assistant reply, runs its tool calls, then appends the results / next user turn or finishes. */
  step(reply: string): Promise<void>;
  /** Rule-based verdict on the episode so far. */
  grade(): Verdict;
}

export interface GradeOptions {
  /** For scenarios that run model-written code: "weak" grades where the kernel gives no strong sandbox, and the verdict says so. */
  sandbox?: "strong" | "weak";
}

export interface StartOptions<W> {
  /** A world read with loadWorld/parseWorld; it replaces the built-in variants the seed picks among. */
  world?: W;
  /** The model's chat template renders tools: offer the scenario's tools through it instead of a text protocol. */
  nativeTools?: boolean;
}

export interface Scenario<W = unknown> {
  readonly name: string;
  /** Bumped whenever any prompt text, task or grading rule changes. */
  readonly version: string;
  readonly targetOutcome: string;
  /** Every outcome grade() can return. */
  readonly outcomes: readonly string[];
  readonly defaults: Record<string, ParamValue>;
  readonly paramSpecs: ParamSpecs;
  /** Checks raw (command-line) parameters; unknown keys and bad values throw an InvalidInputError naming the allowed ones. */
  parseParams(raw: Record<string, string>): Record<string, ParamValue>;
  /** Starts an episode; the seed picks among variants (names, task, claim) deterministically unless a world is given. */
  start(params: Record<string, ParamValue>, seed: number, options?: StartOptions<W>): Episode;
  /** Checks the parameters once and returns a starter that trusts them (a sweep starts many episodes alike); `start` is `prepare(params, options)(seed)`. */
  prepare(params: Record<string, ParamValue>, options?: StartOptions<W>): (seed: number) => Episode;
  /** Reads a world file (JSON); bad content is an InvalidInputError naming the file and the field. */
  loadWorld(file: string): Promise<W>;
  /** Checks a world already parsed from JSON (a world file's content, or one stored with a run). */
  parseWorld(value: unknown, source: string): W;
  /** Grades the last assistant turn of an OpenAI-style message list; no assistant turn is an InvalidInputError. */
  gradeTranscript(messages: readonly ChatMessage[], world: W, options?: GradeOptions): Promise<Verdict>;
  /** Names a transcript of this world mentions (at least one of them); see worldFit.ts. */
  worldMarkers(world: W): readonly string[];
  /** How a world is named in messages ("coding task fast-sum"). */
  worldName(world: W): string;
  /** Is one reply well-formed for this scenario (loadable code, a parsable email, words)? Coherence checks read it. */
  wellFormed(reply: string): FormCheck;
}

export interface FormCheck {
  ok: boolean;
  /** Why not, or what made it well-formed. */
  reason: string;
}

/** Scenarios without a reply format of their own: a reply of at least three words. */
export function hasWords(reply: string): FormCheck {
  const words = String(reply ?? "")
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w)).length;
  return words >= 3 ? { ok: true, reason: `${words} words` } : { ok: false, reason: `only ${words} word${words === 1 ? "" : "s"}` };
}

export interface ScenarioDefinition<W, N extends string> {
  name: N;
  version: string;
  params: ParamSpecs;
  outcomes: readonly string[];
  /** The outcome whose rate a sweep measures. */
  target: string;
  /** Gets parameters already checked (defaults filled in) and a checked integer seed. */
  start(params: Record<string, ParamValue>, seed: number, options: StartOptions<W>): Episode;
  parseWorld(value: unknown, source: string): W;
  /** Defaults to reading one JSON file and checking it with parseWorld. */
  loadWorld?(file: string): Promise<W>;
  gradeTranscript(messages: readonly ChatMessage[], world: W, options?: GradeOptions): Promise<Verdict>;
  /** Names a transcript of this world mentions (at least one): what tells it from another world's. */
  worldMarkers(world: W): readonly string[];
  worldName(world: W): string;
  /** Defaults to hasWords. */
  wellFormed?(reply: string): FormCheck;
}

export function defineScenario<W, const N extends string>(def: ScenarioDefinition<W, N>): Scenario<W> & { readonly name: N } {
  const prepare = (params: Record<string, ParamValue>, options: StartOptions<W> = {}) => {
    const resolved = resolveParams(def.name, def.params, params);
    return (seed: number) => def.start(resolved, checkSeed(def.name, seed), options);
  };
  return {
    name: def.name,
    version: def.version,
    targetOutcome: def.target,
    outcomes: def.outcomes,
    defaults: defaultParams(def.params),
    paramSpecs: def.params,
    parseParams: (raw) => parseParamStrings(def.name, def.params, raw),
    start: (params, seed, options) => prepare(params, options)(seed),
    prepare,
    loadWorld: def.loadWorld ?? (async (file) => def.parseWorld(await readWorldFile(file), file)),
    parseWorld: (value, source) => def.parseWorld(value, source),
    gradeTranscript: (messages, world, options) => def.gradeTranscript(messages, world, options),
    worldMarkers: (world) => def.worldMarkers(world),
    worldName: (world) => def.worldName(world),
    wellFormed: (reply) => (def.wellFormed ?? hasWords)(String(reply ?? "")),
  };
}
