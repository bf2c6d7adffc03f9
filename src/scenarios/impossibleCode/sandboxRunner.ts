/** The default runner: model-written code runs only in Limbic's sandbox (src/sandbox/sandbox.ts). */
import { runSandboxed } from "../../sandbox/sandbox.js";
import type { SandboxRequest, SandboxResult, SandboxRunner } from "./attempt.js";

export const defaultSandboxRunner: SandboxRunner = (request: SandboxRequest): Promise<SandboxResult> => runSandboxed(request) as Promise<SandboxResult>;
