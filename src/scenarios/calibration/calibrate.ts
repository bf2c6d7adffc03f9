/**
 * Runs each scenario's grader on its hand-labelled calibration set and reports precision and recall
 * per label, the false-positive rate on near misses, and the mismatching items. The sets are split
 * once into a dev half (graders are tuned on it; the tests check its numbers) and a test half (only
 * reported). Coding items run their code for real in the sandbox.
 */
import { InvalidInputError } from "../../errors.js";
import type { Episode } from "../contract.js";
import type { SandboxRunner } from "../impossibleCode/attempt.js";
import { startCodeEpisode } from "../impossibleCode/scenario.js";
import { CODE_TASKS } from "../impossibleCode/tasks/index.js";
import { getScenario, type ScenarioName } from "../registry.js";
import { BLACKMAIL_DEV } from "./blackmailDev.js";
import { BLACKMAIL_DEV_NEW } from "./blackmailDevNew.js";
import { BLACKMAIL_DEV_4 } from "./blackmailDev4.js";
import { BLACKMAIL_TEST_1 } from "./blackmailTest1.js";
import { BLACKMAIL_TEST_2 } from "./blackmailTest2.js";
import { BLACKMAIL_TEST_4 } from "./blackmailTest4.js";
import { BLACKMAIL_HELDOUT } from "./blackmailHeldout.js";
import { CODE_CALIBRATION } from "./impossibleCode.js";
import { CODE_CALIBRATION_TEST } from "./impossibleCodeTest.js";
import { SYCOPHANCY_DEV } from "./sycophancyDev.js";
import { SYCOPHANCY_DEV_AUDIT } from "./sycophancyDevAudit.js";
import { SYCOPHANCY_DEV_NEW } from "./sycophancyDevNew.js";
import { SYCOPHANCY_HELDOUT } from "./sycophancyHeldout.js";
import { SYCOPHANCY_TEST } from "./sycophancyTest.js";
import { summarize, type CalibrationHalf, type CalibrationItem, type CalibrationReport, type CalibrationResult, type SplitItem } from "./types.js";
import { CALIBRATION_WORLDS } from "./worlds.js";

export type { CalibrationHalf } from "./types.js";

const halfOf = (items: readonly SplitItem[], half: CalibrationHalf) => items.filter((i) => i.half === half);

/**
 * The third sets (issue 21), written from the definitions alone and split once by a stored seed:
 * their test halves are the numbers the graders are held to on transcripts nobody tuned them on.
 */
export const HELDOUT_SETS: Record<"blackmail" | "sycophancy", Record<CalibrationHalf, readonly CalibrationItem[]>> = {
  blackmail: { dev: halfOf(BLACKMAIL_HELDOUT, "dev"), test: halfOf(BLACKMAIL_HELDOUT, "test") },
  sycophancy: { dev: halfOf(SYCOPHANCY_HELDOUT, "dev"), test: halfOf(SYCOPHANCY_HELDOUT, "test") },
};

/**
 * The fourth blackmail set (issue 21's failure classes), written and split before the rules were
 * changed for it: its test half was held back until tuning on its dev half was done.
 */
export const FOURTH_SETS: Record<"blackmail", Record<CalibrationHalf, readonly CalibrationItem[]>> = {
  blackmail: { dev: BLACKMAIL_DEV_4, test: BLACKMAIL_TEST_4 },
};

export const CALIBRATION_SETS: Record<ScenarioName, Record<CalibrationHalf, readonly CalibrationItem[]>> = {
  blackmail: {
    dev: [...BLACKMAIL_DEV, ...BLACKMAIL_DEV_NEW, ...HELDOUT_SETS.blackmail.dev, ...FOURTH_SETS.blackmail.dev],
    test: [...BLACKMAIL_TEST_1, ...BLACKMAIL_TEST_2, ...HELDOUT_SETS.blackmail.test, ...FOURTH_SETS.blackmail.test],
  },
  "impossible-code": { dev: CODE_CALIBRATION, test: CODE_CALIBRATION_TEST },
  sycophancy: {
    dev: [...SYCOPHANCY_DEV, ...SYCOPHANCY_DEV_NEW, ...HELDOUT_SETS.sycophancy.dev, ...SYCOPHANCY_DEV_AUDIT],
    test: [...SYCOPHANCY_TEST, ...HELDOUT_SETS.sycophancy.test],
  },
};

export interface CalibrateOptions {
  /** Which half to grade; defaults to dev. */
  half?: CalibrationHalf;
  /** Runs coding attempts; defaults to the sandbox. */
  runner?: SandboxRunner;
  /** Grades these items instead of a half of the scenario's calibration set. */
  items?: readonly CalibrationItem[];
}

function worldOf(name: ScenarioName, item: CalibrationItem): unknown {
  if (item.world === undefined) return undefined;
  const raw = CALIBRATION_WORLDS[item.world];
  if (raw === undefined)
    throw new InvalidInputError("INVALID_ARGUMENT", `Calibration item ${item.id} names world "${item.world}", which is not in calibration/worlds.ts.`);
  return getScenario(name).parseWorld(raw, `calibration world ${item.world}`);
}

function startItem(name: ScenarioName, item: CalibrationItem, options: CalibrateOptions): Episode {
  const scenario = getScenario(name);
  if (name === "impossible-code" && options.runner) {
    const params = scenario.parseParams(Object.fromEntries(Object.entries(item.params).map(([k, v]) => [k, String(v)])));
    const task = CODE_TASKS.find((t) => t.id === params.task);
    if (!task) throw new InvalidInputError("INVALID_ARGUMENT", `Calibration item ${item.id} must name its task.`);
    return startCodeEpisode(task, params.attempts as number, options.runner);
  }
  const world = worldOf(name, item);
  return scenario.start(item.params, item.seed, world === undefined ? {} : { world });
}

/**
 * Plays the item's replies through a fresh episode and grades it. An item whose last reply carries
 * OpenAI tool calls is graded as a transcript (the episode's messages plus that reply).
 */
export async function gradeCalibrationItem(name: ScenarioName, item: CalibrationItem, options: CalibrateOptions = {}): Promise<CalibrationResult> {
  const scenario = getScenario(name);
  const episode = startItem(name, item, options);
  const replies = item.toolCalls ? item.replies.slice(0, -1) : item.replies;
  for (const reply of replies) {
    if (episode.done) break;
    await episode.step(reply);
  }
  const verdict = item.toolCalls
    ? await scenario.gradeTranscript(
        [...episode.messages, { role: "assistant", content: item.replies.at(-1) ?? "", tool_calls: [...item.toolCalls] }],
        episode.world,
      )
    : episode.grade();
  return {
    id: item.id,
    label: item.label,
    nearMiss: item.nearMiss === true,
    predicted: verdict.outcome,
    labelTarget: item.label === scenario.targetOutcome,
    predictedTarget: verdict.target,
    evidence: verdict.evidence,
  };
}

export async function calibrate(name: ScenarioName, options: CalibrateOptions = {}): Promise<CalibrationReport> {
  const results: CalibrationResult[] = [];
  for (const item of options.items ?? CALIBRATION_SETS[name][options.half ?? "dev"]) results.push(await gradeCalibrationItem(name, item, options));
  return summarize(name, results, getScenario(name).outcomes);
}
