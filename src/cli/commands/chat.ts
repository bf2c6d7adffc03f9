import readline from "node:readline";
import { Command, Option } from "commander";
import type { ChatMessage } from "../../engine/chatTemplate.js";
import { replyStops } from "../../engine/turnStops.js";
import { parseGuardRule } from "../../monitor/guard.js";
import { generateWithGuard } from "../../monitor/guardedGenerate.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { ChatView, sharesDestination } from "../chatView.js";
import { checkEmotionsInSet, collect, emotionNames, gpuOption, nonNegativeInt, openModel, positiveInt, threadsOption, type ModelFlags } from "../options.js";

interface ChatFlags extends ModelFlags {
  watch: string[];
  guard?: string[];
  maxTokens: number;
  seed?: number;
  stopAtTurns: boolean;
}

export function chatCommand(): Command {
  return withBackendOptions(
    new Command("chat")
      .description(
        "Chat with a model while its watched emotions show live; guard rules flag, counter-steer or halt. Each line read is one user turn; a reply ends where the model starts the next role line (User: …)",
      )
      .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …")
      .argument("<vector-set>", "vector-set folder")
      .addOption(new Option("--watch <list>", "emotions to show").argParser(emotionNames).default(["desperate", "calm"], "desperate,calm"))
      .option("--guard <rule>", 'e.g. "desperate>2.5 for 3 tokens:steer calm=0.05", "...:halt", "...:flag" (repeatable)', collect)
      .option("--max-tokens <n>", "most tokens per reply", positiveInt, 200)
      .option("--seed <n>", "sampling seed", nonNegativeInt)
      .option("--no-stop-at-turns", 'let a reply run on past the next role line ("User:", "Assistant:" …) the model writes')
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, setDir: string, flags: ChatFlags) => {
        const set = await readVectorSet(setDir);
        const watch = flags.watch;
        // Every flag is checked before the model loads or a line is read.
        checkEmotionsInSet(set, watch, "--watch");
        for (const rule of flags.guard ?? []) parseGuardRule(rule, set.manifest.emotions);
        const model = await openModel(modelRef, flags);
        const tty = process.stdout.isTTY === true;
        const stops = replyStops([], flags.stopAtTurns);
        const view = new ChatView({ out: process.stdout, err: process.stderr, tty, shared: sharesDestination(), watch, stops });
        const history: ChatMessage[] = [];
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
        rl.setPrompt("\n> ");
        const lines = rl[Symbol.asyncIterator]();
        try {
          for (;;) {
            if (tty) rl.prompt();
            const next = await lines.next();
            if (next.done) break;
            const line = next.value as string;
            if (!line.trim()) continue;
            history.push({ role: "user", content: line });
            view.beginReply(line);
            const { generation, guard } = await generateWithGuard(
              model,
              set,
              { messages: history, maxTokens: flags.maxTokens, stop: stops, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) },
              {
                rules: flags.guard ?? [],
                watch,
                onReadout: (event, values) => view.token(event.index, event.text, values),
                onGuardEvent: (event) => view.guardEvent(event),
              },
            );
            const result = await generation.result;
            history.push({ role: "assistant", content: result.text });
            view.endReply(result, guard.history.at(-1));
          }
        } finally {
          rl.close();
          await model.dispose();
        }
      }),
  );
}
