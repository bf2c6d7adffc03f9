import fs from "node:fs/promises";
import path from "node:path";
import { Command, Option } from "commander";
import { renderScorecard, scorecardText } from "../../report/scorecardReport.js";
import { checkReplicateOptions, replicate, type ReplicateOptions, type StorySource } from "../../replicate/replicate.js";
import { gpuOption, nonNegativeInt, openModel, positiveInt, threadsOption, type ModelFlags } from "../options.js";
import { withBackendOptions } from "../backendOptions.js";
import { stageProgressView } from "../stageProgress.js";

interface ReplicateFlags extends ModelFlags {
  out: string;
  emotions: "core12" | "all";
  storiesPerEmotion?: number;
  sources: string;
  resume?: boolean;
  quick?: boolean;
  shuffleLabels?: boolean;
  runs?: string;
  seed: number;
  json?: boolean;
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return "";
  return seconds >= 90 ? ` ETA ${Math.round(seconds / 60)} min` : ` ETA ${Math.round(seconds)} s`;
}

export function replicateCommand(): Command {
  return withBackendOptions(
    new Command("replicate")
      .description("The paper's measurements on one model, beside the paper's numbers, with nulls: one resumable run, a scorecard as HTML and JSON")
      .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, or vllm+http://host:port/<served-model>")
      .requiredOption("--out <dir>", "folder for the vector sets, the store and scorecard.html / scorecard.json")
      .addOption(new Option("--emotions <set>", "core12 or all 171").choices(["core12", "all"]).default("core12"))
      .option(
        "--stories-per-emotion <n>",
        "shared premises per emotion, held-out ones included (default 20 for core12, 6 for all, 5 with --quick)",
        positiveInt,
      )
      .option("--sources <list>", "who writes the stories: self (the model), reference (Limbic's corpus), or self,reference", "self,reference")
      .option("--resume", "continue a replication stored in --out")
      .option("--quick", "every row on small budgets, for a first look or a test (self-written only unless --sources says otherwise)")
      .option("--shuffle-labels", "control: shuffle the reference stories' emotion labels within each premise (every reading row should then fail)")
      .option("--runs <file.sqlite>", "sweep runs store to read the behaviour rows from (default: the cache's runs.sqlite)")
      .option("--seed <n>", "seed of the grid, the stories and the probes", nonNegativeInt, 1)
      .option("--json", "print the whole result as JSON instead of the summary")
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: ReplicateFlags, command: Command) => {
        const sourcesGiven = command.getOptionValueSource("sources") === "cli";
        const sources = flags.sources.split(",").map((s) => s.trim()) as StorySource[];
        const options: Omit<ReplicateOptions, "outDir"> = {
          emotions: flags.emotions,
          ...(flags.storiesPerEmotion !== undefined ? { storiesPerEmotion: flags.storiesPerEmotion } : {}),
          ...(sourcesGiven || !flags.quick ? { sources } : {}),
          resume: flags.resume ?? false,
          quick: flags.quick ?? false,
          shuffleLabels: flags.shuffleLabels ?? false,
          ...(flags.runs ? { runsFile: flags.runs } : {}),
          seed: flags.seed,
        };
        await checkReplicateOptions(options);
        const model = await openModel(modelRef, flags);
        // Ctrl-C stops after the unit in hand is stored (--resume continues); a second one kills at once.
        const stop = new AbortController();
        const onSigint = () => stop.abort();
        process.once("SIGINT", onSigint);
        const units = stageProgressView();
        try {
          const result = await replicate(model, {
            ...options,
            outDir: flags.out,
            signal: stop.signal,
            onProgress: (p) => {
              if (p.unit) return units.show(p.unit);
              units.end();
              process.stderr.write(`limbic replicate: step ${p.done + 1}/${p.total} ${p.step}${formatEta(p.etaSeconds)}\n`);
            },
          });
          const html = path.join(flags.out, "scorecard.html");
          await fs.writeFile(html, renderScorecard(result));
          process.stderr.write(`limbic replicate: wrote ${html} and ${path.join(flags.out, "scorecard.json")}\n`);
          process.stdout.write(flags.json ? JSON.stringify(result) + "\n" : scorecardText(result));
        } finally {
          units.end();
          process.off("SIGINT", onSigint);
          await model.dispose();
        }
      }),
  );
}
