import fs from "node:fs/promises";
import { Command } from "commander";
import { config } from "../../config.js";
import type { LanguageModel } from "../../engine/languageModel.js";
import { InvalidInputError } from "../../errors.js";
import { readLabelledTranscripts } from "../../monitor/labelledTranscripts.js";
import { evaluateMonitor, evaluateMonitorOnSeries, labelClasses, type MonitorEvalResult } from "../../monitor/monitorEval.js";
import { renderMonitorEvalReport } from "../../report/monitorEvalReport.js";
import { monitorEvalText } from "../../report/monitorEvalText.js";
import { runMonitorInput, type RunMonitorInput } from "../../sweeps/monitorInput.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";
import { readVectorSet, vectorSetId } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { checkEmotionsInSet, emotionNames, gpuOption, nonNegativeInt, openModel, threadsOption, type ModelFlags } from "../options.js";

interface MonitorEvalFlags extends ModelFlags {
  emotions: string[];
  run?: string;
  runs?: string;
  positive?: string;
  smooth: number;
  seed: number;
  json?: boolean;
  out?: string;
}

/** A sweep run's rollouts, labelled and split, with their stored series when every rollout has them. */
function runInput(runId: string, file: string, emotions: readonly string[], seed: number, setId: string): RunMonitorInput {
  const store = new RunStore(file);
  try {
    return runMonitorInput(store, runId, emotions, { seed, vectorSetId: setId });
  } finally {
    store.close();
  }
}

/** Opens the model, runs the evaluation with it and disposes of it. */
async function traced(modelRef: string, flags: ModelFlags, evaluate: (model: LanguageModel) => Promise<MonitorEvalResult>): Promise<MonitorEvalResult> {
  const model = await openModel(modelRef, flags);
  try {
    return await evaluate(model);
  } finally {
    await model.dispose();
  }
}

export function monitorEvalCommand(): Command {
  return withBackendOptions(
    new Command("monitor-eval")
      .description(
        "Does an emotion signal predict a behaviour? AUROC (bootstrap intervals) at reply start, turn mean and maximum before the first action, beside a text-only baseline on the same test split, ROC curves and lead time, over labelled transcripts or a sweep run",
      )
      .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …")
      .argument("<vector-set>", "vector-set folder")
      .argument("[labelled.jsonl]", 'transcripts, one {"label", "messages", "split"?} per line')
      .requiredOption("--emotions <list>", "emotions to evaluate, e.g. desperate,calm", emotionNames)
      .option(
        "--run <run-id>",
        "label transcripts by a stored sweep run's verdicts instead of a file; its stored per-token series are used when every rollout has them (no model loaded), else each rollout is re-traced",
      )
      .option("--runs <file.sqlite>", "runs store for --run (default: the cache's runs.sqlite)")
      .option("--positive <label>", "the label that means the behaviour (default: cheat, blackmail or caves)")
      .option("--smooth <n>", "average each token with n tokens on each side", nonNegativeInt, 3)
      .option("--seed <n>", "seed of the bootstrap and of a run's dev/test split", nonNegativeInt, 7)
      .option("--json", "print the numbers as JSON")
      .option("--out <report.html>", "write the HTML report here")
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, setDir: string, labelledFile: string | undefined, flags: MonitorEvalFlags) => {
        if (!labelledFile === !flags.run)
          throw new InvalidInputError("INVALID_ARGUMENT", "Give a labelled transcript file or --run <run-id> (one of the two).");
        const set = await readVectorSet(setDir);
        checkEmotionsInSet(set, flags.emotions, "--emotions");
        const options = {
          emotions: flags.emotions,
          smooth: flags.smooth,
          seed: flags.seed,
          progress: true,
          ...(flags.positive ? { positive: flags.positive } : {}),
        };
        let result: MonitorEvalResult;
        if (labelledFile) {
          const items = await readLabelledTranscripts(labelledFile);
          labelClasses(items, flags.positive);
          result = await traced(modelRef, flags, (model) => evaluateMonitor(model, set, items, options));
        } else {
          const input = runInput(flags.run!, flags.runs ?? defaultRunsFile(config.cacheDir), flags.emotions, flags.seed, vectorSetId(set));
          labelClasses(input.items, flags.positive);
          const { run } = input;
          result = input.stored
            ? evaluateMonitorOnSeries(
                input.stored,
                {
                  model: { name: run.modelName, sha256: run.modelSha256 },
                  vector_set: run.vectorSet,
                  layer: run.layer,
                  readouts: { kind: "stored-series", detail: `as run ${run.id} generated them, steered as each rollout was; no model loaded` },
                  splitRule: input.splitRule,
                },
                options,
              )
            : await traced(modelRef, flags, (model) =>
                evaluateMonitor(model, set, input.items, {
                  ...options,
                  splitRule: input.splitRule,
                  readoutDetail: `re-traced with the model, unsteered: ${input.whyNotStored}`,
                }),
              );
        }
        if (flags.out) {
          await fs.writeFile(flags.out, renderMonitorEvalReport(result));
          process.stderr.write(`limbic: wrote ${flags.out}\n`);
        }
        process.stdout.write(flags.json ? JSON.stringify(result) + "\n" : monitorEvalText(result));
      }),
  );
}
