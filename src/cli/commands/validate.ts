import fs from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { InvalidInputError } from "../../errors.js";
import { renderValidationReport } from "../../report/validationReport.js";
import { validationSummary } from "../../report/validationSummary.js";
import { readCorpusFile, validateVectorSet } from "../../vectors/validate.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { checkLayerInSet, gpuOption, nonNegativeInt, openModel, threadsOption, type ModelFlags } from "../options.js";

interface ValidateFlags extends ModelFlags {
  out?: string;
  json?: boolean;
  layer?: number;
  corpus?: string;
}

export function validateCommand(): Command {
  return withBackendOptions(
    new Command("validate")
      .description(
        "Validate a vector set: held-out premises, implicit scenarios, a hand-written corpus, valence geometry, sentiment, intensity, logit lens (with intervals, nulls and random controls)",
      )
      .argument(
        "<model>",
        "the model the vectors were extracted from: a GGUF path, hf: reference, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …",
      )
      .argument("<vector-set>", "vector-set folder")
      .option("--corpus <file.jsonl>", 'also read a hand-written corpus ({"emotion", "text"} per line) whose emotions the set has')
      .option("--out <report.html>", "write the HTML report here (the JSON numbers are always stored as validation.json in the set folder)")
      .option("--json", "print the numbers as JSON")
      .option("--layer <n>", "reading layer (default: the set's)", nonNegativeInt)
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, setDir: string, flags: ValidateFlags) => {
        const set = await readVectorSet(setDir);
        checkLayerInSet(set, flags.layer);
        const corpus = flags.corpus ? { source: flags.corpus, items: await readCorpusFile(flags.corpus) } : undefined;
        const lacking = corpus ? [...new Set(corpus.items.map((i) => i.emotion))].filter((e) => !set.manifest.emotions.includes(e)) : [];
        if (lacking.length)
          throw new InvalidInputError(
            "INVALID_ARGUMENT",
            `--corpus ${flags.corpus} has texts for ${lacking.join(", ")}, which the vector set lacks; it can only be scored against a set that has all of its emotions.`,
            { lacking },
          );
        const model = await openModel(modelRef, flags);
        try {
          const report = await validateVectorSet(model, set, { ...(flags.layer !== undefined ? { layer: flags.layer } : {}), ...(corpus ? { corpus } : {}) });
          // Kept beside the vectors so the dashboard and later tools can show the numbers without rerunning.
          await fs.writeFile(path.join(setDir, "validation.json"), JSON.stringify(report));
          if (flags.out) {
            await fs.writeFile(flags.out, renderValidationReport(report));
            process.stderr.write(`limbic: wrote ${flags.out}\n`);
          }
          process.stdout.write(flags.json ? JSON.stringify(report) + "\n" : validationSummary(report));
        } finally {
          await model.dispose();
        }
      }),
  );
}
