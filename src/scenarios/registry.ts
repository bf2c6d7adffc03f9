/**
 * The scenarios Limbic knows. Adding one: a folder with its defineScenario(...) and one line here.
 */
import { InvalidInputError } from "../errors.js";
import { blackmailScenario } from "./blackmail/scenario.js";
import type { Scenario } from "./contract.js";
import { impossibleCodeScenario } from "./impossibleCode/scenario.js";
import { sycophancyScenario } from "./sycophancy/scenario.js";

const ALL = [blackmailScenario, impossibleCodeScenario, sycophancyScenario] as const;

export type ScenarioName = (typeof ALL)[number]["name"];

export const SCENARIOS: readonly ScenarioName[] = ALL.map((s) => s.name);

export function getScenario(name: string): Scenario {
  const scenario = (ALL as readonly Scenario[]).find((s) => s.name === name);
  if (!scenario) {
    throw new InvalidInputError("INVALID_ARGUMENT", `Unknown scenario ${JSON.stringify(name)}; choose one of: ${SCENARIOS.join(", ")}.`, { scenario: name });
  }
  return scenario;
}
