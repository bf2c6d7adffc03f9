import fs from "node:fs/promises";
import { Command } from "commander";
import { readError } from "../../errors.js";
import { parseTranscript } from "../../monitor/transcript.js";
import { traceTranscript } from "../../monitor/trace.js";
import { renderTraceReport } from "../../report/traceReport.js";
import { traceSummary } from "../../report/traceSummary.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { checkEmotionsInSet, checkLayerInSet, emotionNames, gpuOption, nonNegativeInt, openModel, threadsOption, type ModelFlags } from "../options.js";

interface TraceFlags extends ModelFlags {
  emotions?: string[];
  out?: string;
  json?: boolean;
  smooth: number;
  layer?: number;
  focus?: string;
}

/** The emotions to trace: those asked for, or the set's first 12 with the focus among them. */
export function tracedEmotions(setEmotions: readonly string[], asked: readonly string[] | undefined, focus: string | undefined): string[] | undefined {
  if (asked) return focus && !asked.includes(focus) ? [focus, ...asked] : [...asked];
  if (!focus) return undefined;
  return [focus, ...setEmotions.filter((e) => e !== focus)].slice(0, 12);
}

export function traceCommand(): Command {
  return withBackendOptions(
    new Command("trace")
      .description("Read emotions token by token over a transcript (OpenAI-style messages JSON/JSONL, or plain text); prints a per-message summary")
      .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …")
      .argument("<vector-set>", "vector-set folder")
      .argument("<transcript>", "transcript file")
      .option("--emotions <list>", "comma-separated emotions (default: the set's first 12)", emotionNames)
      .option("--out <trace.html>", "write the HTML report here")
      .option("--focus <emotion>", "the emotion the HTML report tints by and draws boldly (default: the first of --emotions)")
      .option("--json", "print every token's values as JSON instead of the per-message summary")
      .option("--smooth <n>", "average each token with n tokens on each side", nonNegativeInt, 0)
      .option("--layer <n>", "reading layer (default: the set's)", nonNegativeInt)
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, setDir: string, transcriptFile: string, flags: TraceFlags) => {
        let text: string;
        try {
          text = await fs.readFile(transcriptFile, "utf8");
        } catch (error) {
          throw readError(error, `Cannot read transcript ${transcriptFile}: ${(error as Error).message}`, { file: transcriptFile });
        }
        const transcript = parseTranscript(text, transcriptFile);
        const set = await readVectorSet(setDir);
        if (flags.emotions) checkEmotionsInSet(set, flags.emotions, "--emotions");
        if (flags.focus) checkEmotionsInSet(set, [flags.focus], "--focus");
        const emotions = tracedEmotions(set.manifest.emotions, flags.emotions, flags.focus);
        checkLayerInSet(set, flags.layer);
        const model = await openModel(modelRef, flags);
        try {
          const trace = await traceTranscript(model, set, transcript, {
            ...(emotions ? { emotions } : {}),
            smooth: flags.smooth,
            ...(flags.layer !== undefined ? { layer: flags.layer } : {}),
            progress: true,
          });
          if (flags.out) {
            await fs.writeFile(flags.out, renderTraceReport(trace, `Emotion trace: ${transcriptFile}`, flags.focus ? { focus: flags.focus } : {}));
            process.stderr.write(`limbic: wrote ${flags.out}\n`);
          }
          process.stdout.write(flags.json ? JSON.stringify(trace) + "\n" : traceSummary(trace, transcriptFile));
        } finally {
          await model.dispose();
        }
      }),
  );
}
