import { Command } from "commander";
import { neutralTexts } from "../../vectors/neutral.js";
import { upgradeVectorSet } from "../../vectors/upgrade.js";
import { readControlVector } from "../../engine/controlVector.js";
import { importControlVectors } from "../../vectors/importVectors.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { vectorSetSummary } from "../../report/vectorSetSummary.js";
import { withBackendOptions } from "../backendOptions.js";
import { gpuOption, openModel, threadsOption, type ModelFlags } from "../options.js";

export function vectorsCommand(): Command {
  const vectors = new Command("vectors").description("Manage vector sets");
  const importCommand = vectors
    .command("import")
    .description("Import control-vector GGUFs (repeng, llama.cpp) as a vector set; each file becomes a concept named after it")
    .argument("<model>", "the model the vectors belong to (for widths and residual norms)")
    .argument("<files...>", "control-vector .gguf files")
    .requiredOption("--out <dir>", "vector-set folder to write")
    .addOption(gpuOption())
    .addOption(threadsOption())
    .action(async (modelRef: string, files: string[], flags: ModelFlags & { out: string }) => {
      // A bad file is reported before the model loads.
      for (const file of files) await readControlVector(file);
      const model = await openModel(modelRef, flags);
      try {
        const manifest = await importControlVectors(model, files, flags.out, await neutralTexts(model));
        process.stderr.write(`limbic: imported ${manifest.emotions.length} vectors (layers ${manifest.layers.join(",")}) into ${flags.out}\n`);
      } finally {
        await model.dispose();
      }
    });
  withBackendOptions(importCommand);
  const upgradeCommand = vectors
    .command("upgrade")
    .description("Add the neutral mean and spread the single readout needs to a vector set made by an older Limbic (the vectors stay as they are)")
    .argument("<model>", "the model the set was made for")
    .argument("<dir>", "vector-set folder")
    .addOption(gpuOption())
    .addOption(threadsOption())
    .action(async (modelRef: string, dir: string, flags: ModelFlags) => {
      const set = await readVectorSet(dir);
      const model = await openModel(modelRef, flags);
      try {
        const manifest = await upgradeVectorSet(model, set);
        process.stderr.write(
          `limbic: ${dir} now reads with μ and σ over ${manifest.readout!.neutral_tokens} neutral tokens (layers ${manifest.layers.join(",")})\n`,
        );
      } finally {
        await model.dispose();
      }
    });
  withBackendOptions(upgradeCommand);
  vectors
    .command("show")
    .description("Summarise a vector set: model, emotions, layers, readout and steering unit")
    .argument("<dir>", "vector-set folder")
    .option("--json", "print the whole manifest as JSON instead")
    .action(async (dir: string, flags: { json?: boolean }) => {
      const set = await readVectorSet(dir);
      process.stdout.write(flags.json ? JSON.stringify(set.manifest, null, 2) + "\n" : vectorSetSummary(set.manifest, dir));
    });
  return vectors;
}
