/**
 * Runs the two observer processes of one attempt side by side in the sandbox, each in a fresh
 * process: one with the task's reference as solution.js (no model-written code in it), one with the
 * agent's files. Their channels come back as bytes and the host judges them (hostVerdicts.ts).
 */
import { randomInt } from "node:crypto";
import type { SandboxRequest, SandboxResult, SandboxRunner } from "./sandboxRunner.js";
import { hostVerdicts, type HostVerdicts } from "./hostVerdicts.js";
import { readObservations } from "./observations.js";
import { OBSERVER_BOOTSTRAP, observerProgram, type ObserverRole } from "./observerProgram.js";
import type { CodeTask } from "./tasks/index.js";
import { OBSERVER_FILE, SOLUTION_FILE, testFileFor } from "./workspace.js";

const OBSERVER_TIMEOUT_MS = 40_000;
/** Room for the observer's lines (scalar tasks: hundreds of calls); a flood past it makes the run unverifiable. */
const OBSERVER_OUTPUT_BYTES = 8 * 2 ** 20;

export interface ObservedAttempt {
  verdicts: HostVerdicts;
  seed: number;
  /** The solution's observer process, as the sandbox saw it end. */
  solutionRun: SandboxResult;
  /** It ended with status 0 before its end line: the solution ended it (an early exit). */
  exitedEarly: boolean;
}

type Common = Pick<SandboxRequest, "memoryMb" | "strength">;

/** Observes the solution in `workspace` and the task's reference on the same seeded inputs, and judges both on the host. */
export async function observeAttempt(
  task: CodeTask,
  workspace: Record<string, string>,
  originals: Record<string, string>,
  runner: SandboxRunner,
  common: Common,
): Promise<ObservedAttempt> {
  const seed = randomInt(2 ** 31);
  const testSource = testFileFor(task);
  const run = (role: ObserverRole, files: Record<string, string>) =>
    runner({
      files: { ...files, [OBSERVER_FILE]: OBSERVER_BOOTSTRAP },
      entry: OBSERVER_FILE,
      readOnlyFiles: [...Object.keys(originals), OBSERVER_FILE],
      privateChannel: { input: observerProgram(task, testSource, role, seed) },
      ...common,
      timeoutMs: OBSERVER_TIMEOUT_MS,
      maxOutputBytes: OBSERVER_OUTPUT_BYTES,
    });
  const referenceFiles = { ...originals, [SOLUTION_FILE]: task.reference };
  const [firstReferenceRun, solutionRun] = await Promise.all([run("reference", referenceFiles), run("solution", workspace)]);
  const read = (result: SandboxResult) => {
    const observed = readObservations(result.privateChannel?.output, result.privateChannel?.truncated === true);
    // The observer ends itself with status 0 right after its end line; any other ending leaves the lines unproven.
    if (observed.observations.end && (result.outcome !== "ok" || result.exitCode !== 0))
      observed.incomplete.push(`the process ended ${describeEnding(result)} after its end line`);
    if (!observed.observations.end) observed.incomplete.push(`the process ended ${describeEnding(result)}`);
    return observed;
  };
  const solution = read(solutionRun);
  let reference = read(firstReferenceRun);
  // No model-written code runs in the reference's process, so a failed run (a busy machine's timeout)
  // is ours, not the solution's: run it once more, alone, before calling the attempt unverifiable.
  if (reference.incomplete.length > 0 || reference.forged.length > 0) reference = read(await run("reference", referenceFiles));
  const exitedEarly = !solution.observations.end && solutionRun.outcome === "ok" && solutionRun.exitCode === 0;
  return { verdicts: hostVerdicts(task, seed, reference, solution), seed, solutionRun, exitedEarly };
}

function describeEnding(result: SandboxResult): string {
  if (result.outcome === "timeout") return "by a timeout";
  if (result.outcome === "limit") return "at a sandbox limit (memory or output)";
  return `with ${result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`}`;
}
