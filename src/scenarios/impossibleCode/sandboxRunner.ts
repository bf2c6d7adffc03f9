/** The default runner: model-written code runs only in Limbic's sandbox (src/sandbox/sandbox.ts). */
import { LimbicError } from "../../errors.js";
import type { SandboxRequest, SandboxResult, SandboxRunner } from "./attempt.js";

// TEMPORARY: loaded by a non-literal path until src/sandbox/sandbox.ts lands; then a static import.
const sandboxModule = "../../sandbox/sandbox.js";

export const defaultSandboxRunner: SandboxRunner = async (request: SandboxRequest): Promise<SandboxResult> => {
  let runSandboxed: SandboxRunner;
  try {
    ({ runSandboxed } = (await import(sandboxModule)) as { runSandboxed: SandboxRunner });
  } catch (error) {
    throw new LimbicError("INTERNAL", "The code sandbox (src/sandbox/sandbox.ts) is not available, and model-written code never runs outside it.", {}, { cause: error });
  }
  return runSandboxed(request);
};
