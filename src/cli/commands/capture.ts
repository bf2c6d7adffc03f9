import fs from "node:fs/promises";
import { Command } from "commander";
import { MODEL_ARGUMENT_HELP, MODEL_ARGUMENT_USAGE, withBackendOptions } from "../backendOptions.js";
import { steeringFromControlVectors, withControlVectorOptions, type ControlVectorFlags } from "../controlVectorOption.js";
import { checkLayersAgainstFile, gpuOption, layerList, openModel, threadsOption, type ModelFlags } from "../options.js";

interface CaptureFlags extends ModelFlags, ControlVectorFlags {
  text: string;
  layers: number[];
  out: string;
}

export function captureCommand(): Command {
  return withBackendOptions(
    withControlVectorOptions(new Command("capture"))
      .description("Write the residual stream (block outputs) of every token of a text at chosen layers to JSON")
      .argument("[model]", MODEL_ARGUMENT_HELP)
      .usage(MODEL_ARGUMENT_USAGE)
      .requiredOption("--text <text>", "text to read")
      .requiredOption("--layers <l,...>", "blocks to capture (0-based, comma-separated)", layerList)
      .requiredOption("--out <file.json>", "output file")
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: CaptureFlags) => {
        const steering = await steeringFromControlVectors(flags);
        await checkLayersAgainstFile(modelRef, flags.layers);
        const model = await openModel(modelRef, flags);
        try {
          const [result] = await model.forward([flags.text], { layers: flags.layers, ...(steering ? { steering } : {}) });
          const nEmbd = model.info.nEmbd;
          const layers: Record<string, number[][]> = {};
          for (const [layer, data] of result!.layers) {
            layers[String(layer)] = Array.from({ length: result!.positions.length }, (_, row) => Array.from(data.subarray(row * nEmbd, (row + 1) * nEmbd)));
          }
          const tokenIds = Array.from(result!.tokens);
          const output = {
            model: model.info.name,
            sha256: model.info.sha256,
            n_embd: nEmbd,
            tokens: await Promise.all(tokenIds.map((t) => model.tokenText(t))),
            token_ids: tokenIds,
            layers,
          };
          await fs.writeFile(flags.out, JSON.stringify(output));
          process.stderr.write(`limbic: wrote ${tokenIds.length} tokens x ${flags.layers.length} layers to ${flags.out}\n`);
        } finally {
          await model.dispose();
        }
      }),
  );
}
