import { Command, Option } from "commander";
import { MODEL_ARGUMENT_HELP, MODEL_ARGUMENT_USAGE, withBackendOptions } from "../backendOptions.js";
import { steeringFromControlVectors, withControlVectorOptions, type ControlVectorFlags } from "../controlVectorOption.js";
import { collect, gpuOption, nonNegativeInt, openModel, positiveInt, probability, temperature, threadsOption, type ModelFlags } from "../options.js";

interface GenerateFlags extends ModelFlags, ControlVectorFlags {
  prompt: string;
  chat?: boolean;
  steerFrom: "prompt" | "generation";
  seed?: number;
  maxTokens: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  stop?: string[];
}

export function generateCommand(): Command {
  return withBackendOptions(
    withControlVectorOptions(new Command("generate"))
      .description("Generate text, streamed to stdout, optionally steered by control-vector files")
      .argument("[model]", MODEL_ARGUMENT_HELP)
      .usage(MODEL_ARGUMENT_USAGE)
      .requiredOption("--prompt <text>", "prompt text")
      .option("--chat", "send the prompt as a user message through the model's chat template")
      .addOption(
        new Option("--steer-from <when>", "apply the control vectors to the whole prompt, or only from the last prompt token on")
          .choices(["prompt", "generation"])
          .default("prompt"),
      )
      .option("--seed <n>", "sampling seed", nonNegativeInt)
      .option("--max-tokens <n>", "most tokens to generate", positiveInt, 256)
      .option("--temperature <t>", "sampling temperature (0 = greedy)", temperature)
      .option("--top-k <k>", "top-k (0 = off)", nonNegativeInt)
      .option("--top-p <p>", "top-p", probability)
      .option("--stop <text>", "stop string (repeatable)", collect)
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: GenerateFlags) => {
        const steering = await steeringFromControlVectors(flags);
        const model = await openModel(modelRef, flags);
        const abort = new AbortController();
        const onSigint = () => abort.abort();
        process.once("SIGINT", onSigint);
        try {
          const generation = model.generate({
            ...(flags.chat ? { messages: [{ role: "user" as const, content: flags.prompt }] } : { prompt: flags.prompt }),
            maxTokens: flags.maxTokens,
            ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
            ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
            ...(flags.topK !== undefined ? { topK: flags.topK } : {}),
            ...(flags.topP !== undefined ? { topP: flags.topP } : {}),
            ...(flags.stop ? { stop: flags.stop } : {}),
            ...(steering ? { steering, steerFrom: flags.steerFrom } : {}),
            signal: abort.signal,
          });
          let printed = 0;
          let finalText = "";
          for await (const event of generation) {
            process.stdout.write(event.text);
            printed += event.text.length;
          }
          const result = await generation.result;
          finalText = result.text;
          // Stop strings are cut from the final text; what was streamed before the cut stays.
          if (finalText.length > printed) process.stdout.write(finalText.slice(printed));
          process.stdout.write("\n");
          process.stderr.write(`limbic: ${result.tokens.length} tokens, finish: ${result.finishReason}, seed ${result.seed}\n`);
        } finally {
          process.off("SIGINT", onSigint);
          await model.dispose();
        }
      }),
  );
}
