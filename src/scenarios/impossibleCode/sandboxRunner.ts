/** The default runner: model-written code runs only in Limbic's sandbox (src/sandbox/sandbox.ts). */
import { SandboxUnavailableError } from "../../errors.js";
import { runSandboxed } from "../../sandbox/sandbox.js";
import type { SandboxRequest, SandboxResult, SandboxRunner } from "./attempt.js";

export const defaultSandboxRunner: SandboxRunner = async (request: SandboxRequest): Promise<SandboxResult> => {
  try {
    return await runSandboxed(request);
  } catch (error) {
    if (error instanceof SandboxUnavailableError) {
      throw new SandboxUnavailableError(error.code, `${error.message} For the coding scenario: --param sandbox=weak.`, error.details, { cause: error });
    }
    throw error;
  }
};
