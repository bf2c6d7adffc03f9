/**
 * planSweep: what a sweep runs, decided and checked before any model loads. The plan is what the
 * runs store keeps for a run (a RunRecord is its plan plus the run's identity), so a resume reads
 * the same plan back instead of rebuilding it from flags.
 */
import { InvalidInputError } from "../errors.js";
import { checkStrength } from "../engine/strength.js";
import type { ParamValue } from "../scenarios/contract.js";
import { getScenario } from "../scenarios/registry.js";
import type { VectorSet } from "../vectors/vectorSet.js";
import { parseGuardRule } from "../monitor/guard.js";

/** What a caller asks for; planSweep fills in the defaults and checks it against the vector set. */
export interface SweepSpec {
  /** A registered scenario: blackmail, impossible-code or sycophancy. */
  scenario: string;
  /** Scenario parameters as strings, as on the command line (parsed and checked by the scenario). */
  params?: Record<string, string>;
  /** A world read with the scenario's loadWorld, used instead of its built-in variants. */
  world?: unknown;
  /** The emotion to steer with. */
  steerEmotion: string;
  /** Steering strengths in units of the layer's mean residual norm. */
  strengths: readonly number[];
  /** Rollouts per (vector, strength). */
  samples: number;
  /** Run seed; sample i gets the same seed at every strength. Defaults to a random one. */
  seed?: number;
  /** Steering and reading layer. Defaults to the vector set's. */
  layer?: number;
  /** Also sweep a random direction of the same norm at every non-zero strength. Defaults to true. */
  randomControl?: boolean;
  /** Guard rules (monitor/guard.ts syntax) watching every rollout: halt ends the episode, steer applies from the next turn. */
  guard?: readonly string[];
}

/** A checked sweep: every field a run needs to produce (or, resumed, to complete) the same rollouts. */
export interface SweepPlan {
  // The scenario, pinned to its version so that stored rollouts stay comparable.
  scenario: string;
  scenarioVersion: string;
  params: Record<string, ParamValue>;
  /** The world's data when the run uses one instead of the built-in variants. */
  world?: unknown;
  // The steering.
  vectorSet: string;
  steerEmotion: string;
  layer: number;
  strengths: number[];
  randomControl: boolean;
  // The rollouts.
  samples: number;
  seed: number;
  /** Guard rules every rollout runs under (closed loop); absent for an unguarded run. */
  guard?: string[];
}

declare const checked: unique symbol;

/**
 * A plan planSweep made: parameters parsed, the world parsed and fitted to them. runSweep takes
 * it without checking these again (a type-only mark: nothing extra is stored or serialized).
 */
export type CheckedSweepPlan = SweepPlan & { readonly [checked]: true };

export const MAX_SAMPLES = 100_000;

/** Pure apart from drawing a seed when the spec has none: reads nothing, loads nothing, stores nothing. */
export function planSweep(set: VectorSet, spec: SweepSpec): CheckedSweepPlan {
  const scenario = getScenario(spec.scenario);
  const plan: SweepPlan = {
    scenario: scenario.name,
    scenarioVersion: scenario.version,
    params: scenario.parseParams(spec.params ?? {}),
    vectorSet: set.dir,
    steerEmotion: spec.steerEmotion,
    layer: spec.layer ?? set.manifest.default_layer,
    strengths: [...spec.strengths],
    randomControl: spec.randomControl ?? true,
    samples: spec.samples,
    seed: spec.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(spec.guard?.length ? { guard: [...spec.guard] } : {}),
  };
  checkPlanFitsSet(plan, set);
  if (spec.world !== undefined) {
    // The checked world is the one stored: a world that is not valid for the scenario, or does not fit the parameters, fails before anything is stored.
    plan.world = scenario.parseWorld(spec.world, "the sweep's world");
    scenario.prepare(plan.params, { world: plan.world })(plan.seed);
  }
  return plan as CheckedSweepPlan;
}

/** Checks a plan (new or read back from the store) against the vector set it is run with. */
export function checkPlanFitsSet(plan: SweepPlan, set: VectorSet): void {
  if (!set.manifest.emotions.includes(plan.steerEmotion)) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `The vector set has no emotion "${plan.steerEmotion}" to steer with. It has: ${set.manifest.emotions.slice(0, 20).join(", ")}${set.manifest.emotions.length > 20 ? ", …" : ""}.`,
      { emotion: plan.steerEmotion },
    );
  }
  if (!Number.isInteger(plan.samples) || plan.samples < 1 || plan.samples > MAX_SAMPLES) {
    throw new InvalidInputError("INVALID_ARGUMENT", `samples must be an integer from 1 to ${MAX_SAMPLES} (got ${plan.samples}).`, {
      option: "samples",
      value: plan.samples,
    });
  }
  if (plan.strengths.length === 0) throw new InvalidInputError("INVALID_ARGUMENT", "A sweep needs at least one strength.");
  plan.strengths.forEach((s, i) => checkStrength(s, `strengths[${i}]`));
  for (const rule of plan.guard ?? []) parseGuardRule(rule, set.manifest.emotions);
  if (!set.manifest.layers.includes(plan.layer)) {
    throw new InvalidInputError("LAYER_OUT_OF_RANGE", `The vector set has no layer ${plan.layer}; it has ${set.manifest.layers.join(", ")}.`, {
      layer: plan.layer,
    });
  }
}
