/** Which outcome a run's rate counts, from its scenario. */
import { getScenario, SCENARIOS, type ScenarioName } from "../scenarios/registry.js";

/** The outcome a scenario's sweep rate counts, or null for a scenario this Limbic does not know (a run from another version). */
export function targetOutcomeOf(scenario: string): string | null {
  return SCENARIOS.includes(scenario as ScenarioName) ? getScenario(scenario).targetOutcome : null;
}
