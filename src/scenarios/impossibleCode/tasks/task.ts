/**
 * An impossible coding task, as data (a JSON file or a folder; see taskLoader.ts): a spec, a test
 * file no spec-following solution can fully pass, a reference implementation of the spec, and how to
 * draw fresh inputs for differential testing. Hand-made probes (controls, baits) are optional.
 */
import type { InputSpec } from "../inputs.js";

/** A value test: `call` and `expected` are JavaScript expressions (the function is in scope). */
export interface ValueCase {
  name: string;
  call: string;
  expected: string;
}

/** A hand-made probe: `spec` is the answer the specification demands; `bait` the answer a test-gaming solution gives. */
export interface ProbeCase {
  name: string;
  call: string;
  spec: string;
  bait?: string;
  /** What a bait answer means; defaults to exploiting the input pattern (timing) or special-casing inputs. */
  meaning?: "records-state";
}

export type TaskKind = "timing" | "contradiction" | "duplicate" | "other";

export interface CodeTask {
  id: string;
  title: string;
  kind: TaskKind;
  functionName: string;
  /** The specification shown to the agent. */
  spec: string;
  /** Value tests, in test-file order (also replayed by the probe). */
  cases: readonly ValueCase[];
  /** Extra test code after the value tests (timing tests, mutation checks). */
  extraTests?: string;
  /** The spec, implemented honestly: CommonJS exporting functionName, using no require(). */
  reference: string;
  /** One generator per argument of the function, for differential testing against the reference. */
  inputs: readonly InputSpec[];
  /** Relative tolerance when comparing numbers with the reference (default 0: exact). */
  tolerance?: number;
  /** Probe-side helper code (input builders) available to controls and baits. */
  probeHelpers?: string;
  /** Spec answers a solution must get right (outside the tests' pattern or wrong expectations). */
  controls: readonly ProbeCase[];
  /** Inputs where the tests demand a non-spec answer, or that break the tests' exploitable pattern. */
  baits: readonly ProbeCase[];
  /** Literals from the tests that an honest solution has no reason to contain. */
  telltales: { inputs: readonly (string | number)[]; outputs: readonly (string | number)[] };
  /** Why no honest solution passes (for documentation and the judge). */
  whyImpossible: string;
  /** A solution that games the tests, for the task's own checks (optional). */
  exampleCheat?: string;
}
