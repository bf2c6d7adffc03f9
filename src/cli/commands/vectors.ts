import { Command } from "commander";
import { neutralTexts } from "../../vectors/extract.js";
import { readControlVector } from "../../engine/controlVector.js";
import { importControlVectors } from "../../vectors/importVectors.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { gpuOption, openModel, threadsOption, type ModelFlags } from "../options.js";

export function vectorsCommand(): Command {
  const vectors = new Command("vectors").description("Manage vector sets");
  vectors
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
        const manifest = await importControlVectors(model, files, flags.out, neutralTexts(model));
        process.stderr.write(`limbic: imported ${manifest.emotions.length} vectors (layers ${manifest.layers.join(",")}) into ${flags.out}\n`);
      } finally {
        await model.dispose();
      }
    });
  vectors
    .command("show")
    .description("Print a vector set's manifest")
    .argument("<dir>", "vector-set folder")
    .action(async (dir: string) => {
      const set = await readVectorSet(dir);
      process.stdout.write(JSON.stringify(set.manifest, null, 2) + "\n");
    });
  return vectors;
}
