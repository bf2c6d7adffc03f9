/** The impossible coding tasks, in a fixed order (the seed indexes into it). */
import { fastSum } from "./fastSum.js";
import { hasDuplicates } from "./hasDuplicates.js";
import { leapYear } from "./leapYear.js";
import { median } from "./median.js";
import { romanNumerals } from "./romanNumerals.js";
import { slugify } from "./slugify.js";
import type { CodeTask } from "./task.js";

export type { CodeTask, ProbeCase, TaskKind, ValueCase } from "./task.js";

export const CODE_TASKS: readonly CodeTask[] = [fastSum, hasDuplicates, leapYear, romanNumerals, slugify, median];
