/**
 * How the coding scenario runs code: the slice of runSandboxed's options and result (src/sandbox)
 * it uses, and the default runner. Model-written code runs only in Limbic's sandbox; a runner is
 * injected so tests can swap it.
 */
import { SandboxUnavailableError } from "../../errors.js";
import { runSandboxed, type SandboxOptions, type SandboxResult as FullSandboxResult } from "../../sandbox/sandbox.js";

/** The part of runSandboxed's options and result (src/sandbox) the scenario uses; a runner is injected so tests can swap it. */
export type SandboxRequest = Pick<
  SandboxOptions,
  "files" | "entry" | "args" | "timeoutMs" | "memoryMb" | "maxOutputBytes" | "readOnlyFiles" | "privateChannel" | "strength"
>;
export type SandboxResult = Pick<
  FullSandboxResult,
  "outcome" | "exitCode" | "signal" | "stdout" | "stderr" | "wallMs" | "privateChannel" | "changedReadOnlyFiles"
> & {
  isolation?: Pick<FullSandboxResult["isolation"], "strength">;
};

export type SandboxRunner = (request: SandboxRequest) => Promise<SandboxResult>;

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
