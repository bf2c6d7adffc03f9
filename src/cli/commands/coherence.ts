import { Command } from "commander";
import { config } from "../../config.js";
import { measureCoherence, MAX_NLL_EXCESS, MAX_REPEATED_SHARE, WINDOW_RATE_RATIO, type CoherenceResult } from "../../sweeps/coherence.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";
import { withBackendOptions } from "../backendOptions.js";
import { gpuOption, openModel, threadsOption, type ModelFlags } from "../options.js";

interface CoherenceFlags extends ModelFlags {
  run: string;
  runs?: string;
  baselineRun?: string;
  json?: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

export function coherenceText(result: CoherenceResult): string {
  const lines = [
    `Coherence of first replies, run ${result.run} (${result.scenario}, steering ${result.steer_emotion})`,
    `coherent = well-formed, ≤ ${pct(MAX_REPEATED_SHARE)} repeated 4-grams, NLL ≤ the unsteered median (${result.unsteered_median_nll.toFixed(2)} nats/token) + ${MAX_NLL_EXCESS}; window: rate ≥ ${pct(WINDOW_RATE_RATIO)} of unsteered`,
    `${"vector".padEnd(11)} ${"strength".padStart(8)}  ${"n".padStart(3)}  ${"well-formed".padStart(11)}  ${"repeats".padStart(7)}  ${"NLL".padStart(5)}  coherent [95% CI]`,
  ];
  for (const p of result.points) {
    lines.push(
      `${p.vector.padEnd(11)} ${p.strength.toFixed(3).padStart(8)}  ${String(p.n).padStart(3)}  ${`${p.well_formed}/${p.n}`.padStart(11)}  ${pct(p.mean_repeated_share).padStart(7)}  ${p.median_nll.toFixed(2).padStart(5)}  ${pct(p.rate)} [${pct(p.ci_low)}, ${pct(p.ci_high)}]${p.in_window ? "" : "  outside the window"}`,
    );
  }
  for (const w of result.windows) lines.push(`window for ${w.vector}: ${w.low} … ${w.high}`);
  return lines.join("\n") + "\n";
}

export function coherenceCommand(): Command {
  return withBackendOptions(
    new Command("coherence")
      .description(
        "At which steering strengths does the model still write coherent replies? Checks the first reply of every rollout of a sweep run (form, repetition, NLL under the unsteered model) and prints the window",
      )
      .argument("<model>", "the GGUF the run was made with (the NLL is the unsteered model's)")
      .requiredOption("--run <run-id>", "the sweep run to check")
      .option("--runs <file.sqlite>", "runs store (default: the cache's runs.sqlite)")
      .option(
        "--baseline-run <run-id>",
        "for a run without strength 0: a run with the same scenario, parameters and seed whose unsteered replies are the reference",
      )
      .option("--json", "print the numbers as JSON")
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: CoherenceFlags) => {
        using store = new RunStore(flags.runs ?? defaultRunsFile(config.cacheDir));
        store.requireRun(flags.run);
        if (flags.baselineRun) store.requireRun(flags.baselineRun);
        const model = await openModel(modelRef, flags);
        try {
          const result = await measureCoherence(model, store, flags.run, { progress: true, ...(flags.baselineRun ? { baselineRun: flags.baselineRun } : {}) });
          process.stdout.write(flags.json ? JSON.stringify(result) + "\n" : coherenceText(result));
        } finally {
          await model.dispose();
        }
      }),
  );
}
