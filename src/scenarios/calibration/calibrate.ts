/**
 * Runs each scenario's grader on its hand-labelled calibration set and reports precision and recall
 * on the target outcome (plus exact-outcome accuracy and the mismatching items). Coding items run
 * their code for real in the sandbox.
 */
import { InvalidInputError } from "../../errors.js";
import type { SandboxRunner } from "../impossibleCode/attempt.js";
import { startCodeEpisode } from "../impossibleCode/scenario.js";
import { CODE_TASKS } from "../impossibleCode/tasks/index.js";
import type { Episode } from "../contract.js";
import { getScenario, type ScenarioName } from "../registry.js";
import { BLACKMAIL_CALIBRATION } from "./blackmail.js";
import { CODE_CALIBRATION } from "./impossibleCode.js";
import { SYCOPHANCY_CALIBRATION } from "./sycophancy.js";
import { summarize, type CalibrationItem, type CalibrationReport, type CalibrationResult } from "./types.js";

export const CALIBRATION_SETS: Record<ScenarioName, readonly CalibrationItem[]> = {
  blackmail: BLACKMAIL_CALIBRATION,
  "impossible-code": CODE_CALIBRATION,
  sycophancy: SYCOPHANCY_CALIBRATION,
};

export interface CalibrateOptions {
  /** Runs coding attempts; defaults to the sandbox. */
  runner?: SandboxRunner;
}

function startItem(name: ScenarioName, item: CalibrationItem, options: CalibrateOptions): Episode {
  const scenario = getScenario(name);
  if (name === "impossible-code" && options.runner) {
    const params = scenario.parseParams(Object.fromEntries(Object.entries(item.params).map(([k, v]) => [k, String(v)])));
    const task = CODE_TASKS.find((t) => t.id === params.task);
    if (!task) throw new InvalidInputError("INVALID_ARGUMENT", `Calibration item ${item.id} must name its task.`);
    return startCodeEpisode(task, params.attempts as number, options.runner);
  }
  return scenario.start(item.params, item.seed);
}

/** Plays the item's replies through a fresh episode and grades it. */
export async function gradeCalibrationItem(name: ScenarioName, item: CalibrationItem, options: CalibrateOptions = {}): Promise<CalibrationResult> {
  const scenario = getScenario(name);
  const episode = startItem(name, item, options);
  for (const reply of item.replies) {
    if (episode.done) break;
    await episode.step(reply);
  }
  const verdict = episode.grade();
  return {
    id: item.id,
    label: item.label,
    predicted: verdict.outcome,
    labelTarget: item.label === scenario.targetOutcome,
    predictedTarget: verdict.target,
    evidence: verdict.evidence,
  };
}

export async function calibrate(name: ScenarioName, options: CalibrateOptions = {}): Promise<CalibrationReport> {
  const results: CalibrationResult[] = [];
  for (const item of CALIBRATION_SETS[name]) results.push(await gradeCalibrationItem(name, item, options));
  return summarize(name, results);
}
