/**
 * A resume runs the stored plan, never the one the caller's flags would make: a field given
 * again with the stored value is fine, one given with another value is refused (CONFLICT), so a
 * changed flag is never dropped silently.
 */
import { InvalidInputError } from "../errors.js";
import { getScenario } from "../scenarios/registry.js";
import type { SweepPlan, SweepSpec } from "./plan.js";

/** The parts of a spec a resume may repeat; `params` are as on the command line (strings). */
export type ResumeSpec = Partial<Pick<SweepSpec, "scenario" | "steerEmotion" | "strengths" | "samples" | "seed" | "layer" | "randomControl" | "params">>;
export type ResumeField = keyof ResumeSpec;

export interface PlanDifference {
  field: ResumeField;
  /** For params: the parameter's name. */
  key?: string;
  stored: unknown;
  given: unknown;
}

const sameStrengths = (a: readonly number[], b: readonly number[]) => {
  const sa = [...new Set(a)].sort((x, y) => x - y);
  const sb = [...new Set(b)].sort((x, y) => x - y);
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
};

/** Every given field whose value differs from the stored plan's. */
export function planDifferences(plan: SweepPlan, given: ResumeSpec): PlanDifference[] {
  const differences: PlanDifference[] = [];
  const compare = (field: ResumeField, stored: unknown, value: unknown, same: boolean) => {
    if (value !== undefined && !same) differences.push({ field, stored, given: value });
  };
  compare("scenario", plan.scenario, given.scenario, given.scenario === plan.scenario);
  compare("steerEmotion", plan.steerEmotion, given.steerEmotion, given.steerEmotion === plan.steerEmotion);
  compare("strengths", plan.strengths, given.strengths, given.strengths !== undefined && sameStrengths(given.strengths, plan.strengths));
  compare("samples", plan.samples, given.samples, given.samples === plan.samples);
  compare("seed", plan.seed, given.seed, given.seed === plan.seed);
  compare("layer", plan.layer, given.layer, given.layer === plan.layer);
  compare("randomControl", plan.randomControl, given.randomControl, given.randomControl === plan.randomControl);
  if (given.params && Object.keys(given.params).length > 0) {
    // Parsed as the scenario parses them, so "rounds=2" matches a stored 2.
    const parsed = getScenario(plan.scenario).parseParams(given.params);
    for (const key of Object.keys(given.params)) {
      if (JSON.stringify(parsed[key]) !== JSON.stringify(plan.params[key]))
        differences.push({ field: "params", key, stored: plan.params[key], given: parsed[key] });
    }
  }
  return differences;
}

/**
 * Refuses a resume given a field that differs from the stored plan. `nameOf` words a field as the
 * caller knows it (the CLI: its flag); by default the spec's field name.
 */
export function checkResumeSpec(
  runId: string,
  plan: SweepPlan,
  given: ResumeSpec,
  nameOf: (d: PlanDifference) => string = (d) => (d.key ? `${d.field}.${d.key}` : d.field),
): void {
  const [first, ...more] = planDifferences(plan, given);
  if (!first) return;
  const show = (v: unknown) => (Array.isArray(v) ? v.join(",") : String(v));
  const all = [first, ...more];
  const listed = all.map((d) => `${nameOf(d)} ${show(d.given)} (the run has ${show(d.stored)})`).join("; ");
  throw new InvalidInputError(
    "CONFLICT",
    `Run ${runId} resumes with the plan it was started with, and ${listed} ${all.length === 1 ? "differs" : "differ"} from it. Drop ${all.map(nameOf).join(", ")} to resume it as planned, or start a new run.`,
    { run: runId, differences: all.map((d) => ({ name: nameOf(d), ...d })) },
  );
}
