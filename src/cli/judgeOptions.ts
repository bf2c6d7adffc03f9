/** The LLM judge's flags, shared by `limbic grade` and `limbic sweep`, checked before any work. */
import type { Command } from "commander";
import { InvalidInputError } from "../errors.js";
import type { Episode, Scenario } from "../scenarios/contract.js";
import { judgeEpisode, judgeRubricVersion } from "../scenarios/judge.js";
import { openAiJudge } from "../scenarios/judgeEndpoint.js";

export interface JudgeFlags {
  judge?: string;
  judgeModel?: string;
  judgeApiKeyEnv?: string;
}

export function withJudgeOptions(command: Command): Command {
  return command
    .option(
      "--judge <url>",
      "also ask an LLM judge (any OpenAI-compatible server: limbic serve, vLLM, a hosted API) and report its agreement with the rules (Cohen's κ); the rules' verdict stands",
    )
    .option("--judge-model <name>", "the model the judge server serves (with --judge)")
    .option("--judge-api-key-env <VAR>", "environment variable holding the judge's API key");
}

/** The judge's model call from the flags, or undefined when no judge was asked for. */
export function judgeFromFlags(flags: JudgeFlags): { complete: (prompt: string) => Promise<string>; model: string } | undefined {
  if (flags.judge === undefined) {
    if (flags.judgeModel !== undefined || flags.judgeApiKeyEnv !== undefined)
      throw new InvalidInputError("INVALID_ARGUMENT", "--judge-model and --judge-api-key-env need --judge <url>.");
    return undefined;
  }
  if (flags.judgeModel === undefined) throw new InvalidInputError("INVALID_ARGUMENT", "--judge needs --judge-model <name>: the model the judge server serves.");
  let apiKey: string | undefined;
  if (flags.judgeApiKeyEnv !== undefined) {
    apiKey = process.env[flags.judgeApiKeyEnv];
    if (!apiKey) throw new InvalidInputError("INVALID_ARGUMENT", `--judge-api-key-env ${flags.judgeApiKeyEnv}: that environment variable is not set.`);
  }
  return { complete: openAiJudge({ url: flags.judge, model: flags.judgeModel, ...(apiKey ? { apiKey } : {}) }), model: flags.judgeModel };
}

/** A sweep's judge: the verdict, stored with the rollout beside the judge model and rubric version. */
export function sweepJudge(judge: {
  complete: (prompt: string) => Promise<string>;
  model: string;
}): (scenario: Scenario, episode: Episode) => Promise<Record<string, unknown>> {
  return async (scenario, episode) => {
    const verdict = await judgeEpisode(scenario, episode.messages, judge.complete);
    return { outcome: verdict.outcome, target: verdict.target, reason: verdict.reason, model: judge.model, rubric: judgeRubricVersion(scenario) };
  };
}
