import fs from "node:fs/promises";
import { Command } from "commander";
import { config } from "../../config.js";
import { InvalidInputError } from "../../errors.js";
import { readLabelledTranscripts } from "../../monitor/labelledTranscripts.js";
import { evaluateMonitor, labelClasses, type LabelledTranscript } from "../../monitor/monitorEval.js";
import { renderMonitorEvalReport } from "../../report/monitorEvalReport.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { checkEmotionsInSet, emotionNames, gpuOption, nonNegativeInt, openModel, threadsOption, type ModelFlags } from "../options.js";

interface MonitorEvalFlags extends ModelFlags {
  emotions: string[];
  run?: string;
  runs?: string;
  positive?: string;
  smooth: number;
  json?: boolean;
  out?: string;
}

/** A sweep run's rollouts as labelled transcripts: its target outcome against everything else. */
function rolloutsOf(runId: string, file: string): LabelledTranscript[] {
  const store = new RunStore(file);
  try {
    const run = store.requireRun(runId);
    return store.rollouts(run.id).map((r, i) => ({ id: `${r.vector}-${r.strength}-${r.sample}`, label: r.target ? r.outcome : "other", messages: r.messages, split: i % 2 === 0 ? "dev" : "test" }));
  } finally {
    store.close();
  }
}

export function monitorEvalCommand(): Command {
  return withBackendOptions(
    new Command("monitor-eval")
    .description("Does an emotion signal predict a behaviour? AUROC (bootstrap intervals) at reply start, turn mean and maximum before the first action, ROC curves and lead time, over labelled transcripts or a sweep run")
    .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …")
    .argument("<vector-set>", "vector-set folder")
    .argument("[labelled.jsonl]", 'transcripts, one {"label", "messages", "split"?} per line')
    .requiredOption("--emotions <list>", "emotions to evaluate, e.g. desperate,calm", emotionNames)
    .option("--run <run-id>", "label transcripts by a stored sweep run's verdicts instead of a file")
    .option("--runs <file.sqlite>", "runs store for --run (default: the cache's runs.sqlite)")
    .option("--positive <label>", "the label that means the behaviour (default: cheat, blackmail or caves)")
    .option("--smooth <n>", "average each token with n tokens on each side", nonNegativeInt, 3)
    .option("--json", "print the numbers as JSON")
    .option("--out <report.html>", "write the HTML report here")
    .addOption(gpuOption())
    .addOption(threadsOption())
    .action(async (modelRef: string, setDir: string, labelledFile: string | undefined, flags: MonitorEvalFlags) => {
      if (!labelledFile === !flags.run) throw new InvalidInputError("INVALID_ARGUMENT", "Give a labelled transcript file or --run <run-id> (one of the two).");
      const set = await readVectorSet(setDir);
      checkEmotionsInSet(set, flags.emotions, "--emotions");
      const items = labelledFile ? await readLabelledTranscripts(labelledFile) : rolloutsOf(flags.run!, flags.runs ?? defaultRunsFile(config.cacheDir));
      labelClasses(items, flags.positive);
      const model = await openModel(modelRef, flags);
      try {
        const result = await evaluateMonitor(model, set, items, { emotions: flags.emotions, smooth: flags.smooth, progress: true, ...(flags.positive ? { positive: flags.positive } : {}) });
        if (flags.out) {
          await fs.writeFile(flags.out, renderMonitorEvalReport(result));
          process.stderr.write(`limbic: wrote ${flags.out}\n`);
        }
        if (flags.json) {
          process.stdout.write(JSON.stringify(result) + "\n");
          return;
        }
        process.stdout.write(`${result.transcripts.total} transcripts (${result.transcripts.positive} ${result.positive}, ${result.transcripts.negative} ${result.negative}), layer ${result.layer}, smoothing ±${result.smooth}\n`);
        for (const p of result.points) process.stdout.write(`${p.emotion.padEnd(12)} ${p.point.padEnd(18)} AUROC ${p.auroc.toFixed(2)} [${p.interval[0].toFixed(2)}, ${p.interval[1].toFixed(2)}]\n`);
        for (const l of result.leadTimes) process.stdout.write(`${l.emotion.padEnd(12)} threshold ${l.threshold.toFixed(2)} (dev): test TPR ${(100 * l.truePositiveRate).toFixed(0)}%, FPR ${(100 * l.falsePositiveRate).toFixed(0)}%, median lead ${l.medianLeadTokens ?? "-"} tokens\n`);
      } finally {
        await model.dispose();
      }
    }),
  );
}
