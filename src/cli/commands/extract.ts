import { Command, Option } from "commander";
import { InvalidInputError } from "../../errors.js";
import { resolveEmotionList } from "../../vectors/data/emotions.js";
import { readCorpusFile } from "../../vectors/corpus.js";
import { extractEmotionVectors } from "../../vectors/extract.js";
import { STORY_PREMISES } from "../../vectors/data/premises.js";
import { planGrid } from "../../vectors/grid.js";
import { REFERENCE_CORPUS_NAME, referenceCorpusFor } from "../../vectors/referenceCorpus.js";
import type { PromptStyleOption } from "../../vectors/promptStyle.js";
import { MODEL_ARGUMENT_HELP, MODEL_ARGUMENT_USAGE, withBackendOptions } from "../backendOptions.js";
import {
  checkChatTemplateInFile,
  checkLayersAgainstFile,
  fraction,
  gpuOption,
  layerList,
  nonNegativeInt,
  openModel,
  positiveInt,
  threadsOption,
  type ModelFlags,
} from "../options.js";

interface ExtractFlags extends ModelFlags {
  out: string;
  emotions: string;
  storiesPerEmotion: number;
  layers: string;
  corpus?: string;
  resume?: boolean;
  tokenOffset: number;
  heldOut: number;
  denoise: number;
  batchSize: number;
  maxStoryTokens: number;
  readMode: "story" | "generation";
  promptStyle: PromptStyleOption;
  seed: number;
}

export function extractCommand(): Command {
  return withBackendOptions(
    new Command("extract")
      .description("Extract emotion vectors: the model writes stories (or read --corpus), Limbic averages their residual stream and writes a vector set")
      .argument("[model]", MODEL_ARGUMENT_HELP)
      .usage(MODEL_ARGUMENT_USAGE)
      .requiredOption("--out <dir>", "vector-set folder (stories, SQLite store, <emotion>.gguf, manifest.json)")
      .option("--emotions <spec>", "all, core12, or a comma-separated list", "core12")
      .option(
        "--stories-per-emotion <n>",
        "premises every emotion is written for (the same ones for all), held-out ones included; at most 100",
        positiveInt,
        20,
      )
      .addOption(
        new Option("--prompt-style <style>", "story prompts: chat template or base-model completion (auto decides from the model; limbic info says how)")
          .choices(["auto", "base", "chat"])
          .default("auto"),
      )
      .option("--layers <spec>", "auto (every steerable block) or a comma-separated list", "auto")
      .option(
        "--corpus <file.jsonl|reference>",
        'read these stories ({"emotion", "text", "premise"} per line; stories for the same situation share a premise) instead of generating; "reference" reads Limbic\'s own corpus on the same premises and held-out split as self-written stories (core 12 on up to 20 premises, all 171 on up to 6)',
      )
      .option("--resume", "continue an interrupted extraction in --out")
      .option("--token-offset <n>", "story tokens skipped before averaging, at most 25% of a story (the paper used 50 on long stories)", nonNegativeInt, 12)
      .option("--held-out <fraction>", "share of premises held out for validation (the same for every emotion)", fraction, 0.2)
      .option("--denoise <fraction>", "neutral variance to project out (0 = off)", fraction, 0.5)
      .option("--batch-size <n>", "stories generated together", positiveInt, 16)
      .option("--max-story-tokens <n>", "longest story", positiveInt, 160)
      .addOption(
        new Option("--read-mode <mode>", "story: re-read each story alone; generation: keep the activations from writing it")
          .choices(["story", "generation"])
          .default("story"),
      )
      .option("--seed <n>", "sampling seed", nonNegativeInt, 1)
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: ExtractFlags) => {
        let emotions: string[];
        try {
          emotions = resolveEmotionList(flags.emotions);
        } catch (error) {
          throw new InvalidInputError("INVALID_ARGUMENT", (error as Error).message);
        }
        const layers = flags.layers === "auto" ? undefined : layerList(flags.layers);
        const reference =
          flags.corpus === REFERENCE_CORPUS_NAME
            ? await referenceCorpusFor(planGrid(emotions, STORY_PREMISES.length, flags.storiesPerEmotion, flags.heldOut, flags.seed))
            : null;
        const corpus = reference ? reference.stories : flags.corpus ? await readCorpusFile(flags.corpus) : undefined;
        await checkLayersAgainstFile(modelRef, layers, { steerable: true });
        if (flags.promptStyle === "chat" && !corpus) await checkChatTemplateInFile(modelRef);
        const model = await openModel(modelRef, flags);
        // Ctrl-C stops after the batch in hand is stored (--resume continues); a second one kills at once.
        const stop = new AbortController();
        const onSigint = () => stop.abort();
        process.once("SIGINT", onSigint);
        try {
          const result = await extractEmotionVectors(model, {
            outDir: flags.out,
            emotions,
            storiesPerEmotion: flags.storiesPerEmotion,
            ...(layers ? { layers } : {}),
            ...(corpus ? { corpus } : {}),
            ...(reference ? { heldOutPremises: reference.heldOutPremises } : {}),
            resume: flags.resume ?? false,
            tokenOffset: flags.tokenOffset,
            heldOutFraction: flags.heldOut,
            denoiseVariance: flags.denoise,
            batchSize: flags.batchSize,
            maxStoryTokens: flags.maxStoryTokens,
            readMode: flags.readMode,
            promptStyle: flags.promptStyle,
            seed: flags.seed,
            signal: stop.signal,
          });
          const m = result.manifest;
          process.stderr.write(
            `limbic: ${m.emotions.length} emotion vectors at layers ${m.layers.join(",")} (default ${m.default_layer}) in ${result.dir}; ` +
              `${result.stories} stories (${result.rejected} rejected), ${result.generatedTokens} tokens generated, ${result.seconds.toFixed(0)} s\n`,
          );
        } finally {
          process.off("SIGINT", onSigint);
          await model.dispose();
        }
      }),
  );
}
