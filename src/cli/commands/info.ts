import { Command } from "commander";
import { choosePromptStyle } from "../../vectors/promptStyle.js";
import { MODEL_ARGUMENT_HELP, MODEL_ARGUMENT_USAGE, withBackendOptions } from "../backendOptions.js";
import { gpuOption, openModel, threadsOption, type ModelFlags } from "../options.js";

export function infoCommand(): Command {
  return withBackendOptions(
    new Command("info")
      .description("Show a model's architecture, size, layers, vocabulary, context, chat template and file hash")
      .argument("[model]", MODEL_ARGUMENT_HELP)
      .usage(MODEL_ARGUMENT_USAGE)
      .option("--json", "print JSON")
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: ModelFlags & { json?: boolean }) => {
        const model = await openModel(modelRef, flags);
        try {
          const { metadata, ...info } = model.info;
          const style = choosePromptStyle(model.info);
          if (flags.json) {
            process.stdout.write(JSON.stringify({ ...info, promptStyle: style, metadata }, null, 2) + "\n");
            return;
          }
          const rows: [string, string][] = [
            ["name", info.name],
            ["path", info.path],
            ["architecture", info.architecture],
            ["description", info.description],
            ["layers", String(info.nLayer)],
            ["n_embd", String(info.nEmbd)],
            ["vocabulary", String(info.nVocab)],
            ["context length", String(info.contextLength)],
            ["parameters", info.nParams.toLocaleString("en-US")],
            ["size", `${(info.sizeBytes / 2 ** 20).toFixed(1)} MiB`],
            ["backend", `${info.backend} (${info.gpuLayers} layers offloaded)`],
            ["chat template", info.chatTemplate ? `yes (${info.chatTemplate.length} characters)` : "none (plain Role: content rendering)"],
            ["story prompts", `${style.style} (--prompt-style auto: ${style.reason})`],
            ["sha256", info.sha256],
          ];
          const width = Math.max(...rows.map(([k]) => k.length));
          for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
        } finally {
          await model.dispose();
        }
      }),
  );
}
