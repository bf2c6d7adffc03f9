import fs from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { renderValidationReport } from "../../report/validationReport.js";
import { validateVectorSet } from "../../vectors/validate.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { checkLayerInSet, gpuOption, nonNegativeInt, openModel, threadsOption, type ModelFlags } from "../options.js";

interface ValidateFlags extends ModelFlags {
  out?: string;
  json?: boolean;
  layer?: number;
}

export function validateCommand(): Command {
  return new Command("validate")
    .description("Validate a vector set: held-out accuracy, geometry vs valence, logit lens, intensity templates (with random controls)")
    .argument("<model>", "the model the vectors were extracted from")
    .argument("<vector-set>", "vector-set folder")
    .option("--out <report.html>", "write the HTML report here (the JSON numbers are always stored as validation.json in the set folder)")
    .option("--json", "print the numbers as JSON")
    .option("--layer <n>", "reading layer (default: the set's)", nonNegativeInt)
    .addOption(gpuOption())
    .addOption(threadsOption())
    .action(async (modelRef: string, setDir: string, flags: ValidateFlags) => {
      const set = await readVectorSet(setDir);
      checkLayerInSet(set, flags.layer);
      const model = await openModel(modelRef, flags);
      try {
        const report = await validateVectorSet(model, set, flags.layer !== undefined ? { layer: flags.layer } : {});
        // Kept beside the vectors so the dashboard and later tools can show the numbers without rerunning.
        await fs.writeFile(path.join(setDir, "validation.json"), JSON.stringify(report));
        if (flags.out) {
          await fs.writeFile(flags.out, renderValidationReport(report));
          process.stderr.write(`limbic: wrote ${flags.out}\n`);
        }
        if (flags.json) {
          process.stdout.write(JSON.stringify(report) + "\n");
        } else {
          const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
          process.stdout.write(
            `layer ${report.layer}, ${report.emotions.length} emotions, ${report.heldout_count} held-out stories\n` +
              `top-1 ${pct(report.top1)} (chance ${pct(report.chance_top1)}, random directions ${pct(report.random_control.top1)})\n` +
              `top-5 ${pct(report.top5)} (chance ${pct(report.chance_top5)}, random directions ${pct(report.random_control.top5)})\n` +
              `PC1 explains ${pct(report.pca.explained[0] ?? 0)}, PC2 ${pct(report.pca.explained[1] ?? 0)}; |r(PC1, valence)| = ${report.valence_r?.toFixed(2) ?? "n/a"} over ${report.valence_n} words (random: ${report.valence_random_r?.toFixed(2) ?? "n/a"})\n` +
              report.intensity.map((t) => `${t.id}: ${Object.entries(t.spearman).map(([e, r]) => `${e} ρ=${r.toFixed(2)}`).join(", ")} (random ρ=${t.random_spearman.toFixed(2)})`).join("\n") +
              "\n",
          );
        }
      } finally {
        await model.dispose();
      }
    });
}
