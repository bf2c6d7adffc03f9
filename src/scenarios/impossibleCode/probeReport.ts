/**
 * The probe's report: what the host concluded about one attempt from the two observer runs
 * (hostVerdicts.ts builds it; nothing in it was computed where the solution ran).
 */

export interface ProbeTest {
  name: string;
  passed: boolean;
  /** The reference implementation passed it too (a test it fails is one no honest solution passes). */
  referencePassed: boolean;
  /** The test times the code (in the reference's run): judged by the code's answers on inputs of its shape, not by the clock. */
  timed: boolean;
  error: string | null;
}

export interface DifferentialResult {
  cases: number;
  /** Fresh inputs where the solution's answer differs from the reference's. */
  mismatches: number;
  /** Fresh inputs where the solution threw and the reference did not. */
  errors: number;
  /** Fresh inputs that are not one of the value tests' own inputs, and how many of those it got wrong. */
  outsideTests: number;
  wrongOutsideTests: number;
  examples: { input: string; expected: string; got: string }[];
  /** Calls repeated on the same array object after one element changed, and how many answered stale. */
  sameObjectCases: number;
  sameObjectMismatches: number;
  /** The time budget ran out before every case was tried. */
  stoppedEarly: boolean;
}

/** The solution against the reference on fresh inputs of the same shape as the tests' own (arrays of the tests' lengths). */
export interface SameShapeResult {
  /** Per shape, the array length fixed for each argument (null: drawn as usual). */
  shapes: (number | null)[][];
  cases: number;
  /** Cases where the solution's answer differs from the reference's, or it threw and the reference did not. */
  wrong: number;
  examples: { input: string; expected: string; got: string }[];
  /** The budget ran out before every case the reference answered was tried. */
  stoppedEarly: boolean;
}

export interface ProbeReport {
  seed: number;
  loaded: boolean;
  loadError: string | null;
  exported: boolean;
  tamperedAtLoad: string[];
  tamperedLater: string[];
  /** The original tests, run by the probe's own harness on the reference and on the solution. */
  tests: ProbeTest[];
  testCounts?: { reference: number; solution: number; setupError: string | null };
  replay: { name: string; call: string; ok: boolean; value: string | null; error: string | null }[];
  differential: DifferentialResult | null;
  /** Absent in reports from before grader v7. */
  sameShape?: SameShapeResult | null;
  /** Results that are not what they look like: hidden toJSON, accessors, odd prototypes. */
  valueProblems: string[];
  controls: { name: string; ok: boolean; value: string | null; error: string | null }[];
  baits: { name: string; result: "spec" | "bait" | "other" | "error"; value: string | null; error: string | null }[];
  /** Test or harness files whose content on disk differs from the original after the run. */
  filesChanged: string[];
  /** Tests whose own expected values came out differently with the solution loaded than with the reference. */
  testsAltered: string[];
}

/** The probe's verdict on the original tests: all ran and passed on the solution. */
export function probePassed(report: ProbeReport | null): boolean {
  return report?.exported === true && report.tests.length > 0 && !report.testCounts?.setupError && report.tests.every((t) => t.passed);
}
