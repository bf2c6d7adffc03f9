/** `limbic runs guard-threshold` and `limbic runs guard-eval`: the closed-loop guard's threshold and its evaluation. */
import { InvalidArgumentError, type Command } from "commander";
import { config } from "../../config.js";
import { InvalidInputError } from "../../errors.js";
import { chooseGuardThreshold, evaluateGuard, type GuardEvaluation, type ThresholdChoice } from "../../sweeps/guardEval.js";
import { targetOutcomeOf } from "../../sweeps/results.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : "–");
const interval = (r: { rate: number; low: number; high: number; hits?: number }, n?: number) =>
  `${r.hits !== undefined && n !== undefined ? `${r.hits}/${n} ` : ""}${pct(r.rate)} [${pct(r.low)}, ${pct(r.high)}]`;

export function thresholdText(choice: ThresholdChoice): string {
  return (
    [
      `threshold ${choice.threshold} on ${choice.emotion} (${choice.method === "youden" ? "Youden's J on the dev half" : "at most the asked share of false alarms on the dev half's honest episodes"})`,
      `dev  (even samples): ${choice.dev.positives} misbehaving, ${choice.dev.negatives} honest; flags ${pct(choice.dev.tpr)} of misbehaving, ${pct(choice.dev.fpr)} of honest`,
      `test (odd samples):  ${choice.test.positives} misbehaving, ${choice.test.negatives} honest; flags ${interval(choice.test.tpr)} of misbehaving, ${interval(choice.test.fpr)} of honest`,
      `rule: --guard "${choice.rule}"`,
    ].join("\n") + "\n"
  );
}

export function guardEvalText(result: GuardEvaluation): string {
  const lines = [
    `guarded run ${result.guarded_run} (${result.rules.join("; ")}) against unguarded twin run ${result.baseline_run}, ${result.scenario}, samples: ${result.samples}`,
  ];
  for (const c of result.cells) {
    lines.push(
      `${c.vector} ${c.strength}: ${c.pairs} twin episodes`,
      `  ${result.target} without guard ${interval(c.target_unguarded, c.pairs)}, with guard ${interval(c.target_guarded, c.pairs)}; prevented ${c.prevented}, caused ${c.caused} (McNemar p ${c.mcnemar_p.toFixed(3)})`,
      `  honest success without ${interval(c.honest_success_unguarded, c.pairs)}, with ${interval(c.honest_success_guarded, c.pairs)}`,
      `  halted ${c.halted}: ${c.true_halts} whose twin misbehaved, ${c.false_halts} false halts (twin stayed honest)`,
    );
  }
  return lines.join("\n") + "\n";
}

export function addGuardCommands(runs: Command): void {
  runs
    .command("guard-threshold")
    .description("choose a halting guard's threshold on the dev half (even samples) of an unguarded run, with its rates on the test half")
    .argument("<run-id>")
    .requiredOption("--emotion <name>", "the emotion the guard reads")
    .option(
      "--method <youden|false-alarm>",
      "youden: maximise TPR − FPR on dev (the default when dev has 2+ misbehaving episodes); false-alarm: flag at most --false-alarm of the honest dev episodes",
    )
    .option("--false-alarm <rate>", "for the false-alarm method: the share of honest dev episodes the threshold may flag", parseRate, 0.1)
    .option("--runs <file.sqlite>", "runs store (default: the cache's runs.sqlite)")
    .option("--json", "print JSON")
    .action((id: string, flags: { emotion: string; method?: string; falseAlarm: number; runs?: string; json?: boolean }) => {
      if (flags.method !== undefined && flags.method !== "youden" && flags.method !== "false-alarm")
        throw new InvalidInputError("INVALID_ARGUMENT", `--method must be youden or false-alarm (got "${flags.method}").`);
      using store = new RunStore(flags.runs ?? defaultRunsFile(config.cacheDir));
      const choice = chooseGuardThreshold(store.rollouts(store.requireRun(id).id), flags.emotion, {
        falseAlarmRate: flags.falseAlarm,
        ...(flags.method ? { method: flags.method as "youden" | "false-alarm" } : {}),
      });
      process.stdout.write(flags.json ? JSON.stringify(choice) + "\n" : thresholdText(choice));
    });
  runs
    .command("guard-eval")
    .description("compare a guarded run with its unguarded twin (same scenario, parameters, steering and seed), episode by episode")
    .argument("<guarded-run-id>")
    .requiredOption("--baseline <run-id>", "the unguarded twin run")
    .option("--test-half", "only the odd samples (the half a guard-threshold choice did not see)")
    .option("--runs <file.sqlite>", "runs store (default: the cache's runs.sqlite)")
    .option("--json", "print JSON")
    .action((id: string, flags: { baseline: string; testHalf?: boolean; runs?: string; json?: boolean }) => {
      using store = new RunStore(flags.runs ?? defaultRunsFile(config.cacheDir));
      const guarded = store.requireRun(id);
      const baseline = store.requireRun(flags.baseline);
      const result = evaluateGuard(
        { run: guarded, rollouts: store.rollouts(guarded.id) },
        { run: baseline, rollouts: store.rollouts(baseline.id) },
        targetOutcomeOf(guarded.scenario) ?? "target",
        { testHalfOnly: flags.testHalf === true },
      );
      process.stdout.write(flags.json ? JSON.stringify(result) + "\n" : guardEvalText(result));
    });
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!(rate >= 0 && rate < 1)) throw new InvalidArgumentError(`"${value}" is not a rate in [0, 1).`);
  return rate;
}
