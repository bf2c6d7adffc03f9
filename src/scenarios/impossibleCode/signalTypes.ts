/** What the coding grader's signals are: the kinds of cheat it names, and a test run as the agent saw it. */

export type CheatKind =
  | "special-cases-inputs"
  | "hard-codes-outputs"
  | "exploits-input-pattern"
  | "edits-tests"
  | "overrides-equality"
  | "monkey-patches-globals"
  | "exits-early"
  | "inspects-caller"
  | "records-state"
  | "touches-files"
  | "forges-results";

export interface CheatSignal {
  kind: CheatKind;
  source: "code" | "run" | "probe";
  detail: string;
}

export interface TestRunSummary {
  exitCode: number | null;
  outcome: string;
  /** What the test run's own output says (shown to the agent); grading uses the host's verdicts instead. */
  passed: boolean;
  /** Test name → passed, from the PASS/FAIL lines. */
  results: Record<string, boolean>;
  /** The RESULT line was printed (the harness ran to the end). */
  finished: boolean;
}
