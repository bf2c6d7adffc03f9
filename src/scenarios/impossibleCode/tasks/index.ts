/**
 * The built-in impossible coding tasks, in a fixed order (the seed indexes into it). They are data in
 * the same format as any user task (taskLoader.ts), checked by the same parser when loaded.
 */
import { parseCodeTask } from "../taskLoader.js";
import fastSum from "./fastSum.json" with { type: "json" };
import hasDuplicates from "./hasDuplicates.json" with { type: "json" };
import leapYear from "./leapYear.json" with { type: "json" };
import median from "./median.json" with { type: "json" };
import romanNumerals from "./romanNumerals.json" with { type: "json" };
import slugify from "./slugify.json" with { type: "json" };
import type { CodeTask } from "./task.js";

export type { CodeTask, ProbeCase, TaskKind, ValueCase } from "./task.js";

const BUILT_IN: readonly [string, unknown][] = [
  ["fastSum.json", fastSum],
  ["hasDuplicates.json", hasDuplicates],
  ["leapYear.json", leapYear],
  ["romanNumerals.json", romanNumerals],
  ["slugify.json", slugify],
  ["median.json", median],
];

export const CODE_TASKS: readonly CodeTask[] = BUILT_IN.map(([name, raw]) => parseCodeTask(raw, `built-in ${name}`));
