import readline from "node:readline";
import { Command } from "commander";
import type { ChatMessage } from "../../engine/chatTemplate.js";
import { parseGuardRule } from "../../monitor/guard.js";
import { generateWithGuard } from "../../monitor/guardedGenerate.js";
import { readVectorSet } from "../../vectors/vectorSet.js";
import { withBackendOptions } from "../backendOptions.js";
import { checkEmotionsInSet, collect, emotionNames, gpuOption, nonNegativeInt, openModel, positiveInt, threadsOption, type ModelFlags } from "../options.js";

interface ChatFlags extends ModelFlags {
  watch: string[];
  guard?: string[];
  maxTokens: number;
  seed?: number;
}

function gauge(values: Record<string, number>, width = 10): string {
  return Object.entries(values)
    .map(([e, z]) => {
      const filled = Math.max(0, Math.min(width, Math.round(((z + 3) / 6) * width)));
      return `${e} ${"█".repeat(filled)}${"░".repeat(width - filled)} ${z >= 0 ? "+" : ""}${z.toFixed(1)}`;
    })
    .join("  ");
}

export function chatCommand(): Command {
  return withBackendOptions(
    new Command("chat")
    .description("Chat with a model while its watched emotions show live; guard rules flag, counter-steer or halt")
    .argument("<model>", "GGUF path, hf:<user>/<repo>/<file>.gguf, vllm+http://host:port/<served-model>, or the served name with --backend vllm --url …")
    .argument("<vector-set>", "vector-set folder")
    .option("--watch <list>", "emotions to show", emotionNames, ["desperate", "calm"])
    .option("--guard <rule>", 'e.g. "desperate>2.5 for 3 tokens:steer calm=0.05", "...:halt", "...:flag" (repeatable)', collect)
    .option("--max-tokens <n>", "most tokens per reply", positiveInt, 200)
    .option("--seed <n>", "sampling seed", nonNegativeInt)
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
          const { generation, guard } = await generateWithGuard(
            model,
            set,
            { messages: history, maxTokens: flags.maxTokens, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) },
            {
              rules: flags.guard ?? [],
              watch,
              onReadout: (event, values) => {
                const shown = Object.fromEntries(watch.map((e) => [e, values[e]!]));
                // On a terminal the gauge line sits under the text and is redrawn on every token.
                if (tty) process.stdout.write(`${event.text}\x1b7\n\x1b[2K\x1b[2m${gauge(shown)}\x1b[0m\x1b8`);
                else process.stdout.write(event.text);
              },
              onGuardEvent: (e) => process.stderr.write(`${tty ? "\n\x1b[33m" : "\n"}[guard] token ${e.tokenIndex} "${e.token}": ${e.rule} -> ${e.detail}${tty ? "\x1b[0m" : ""}\n`),
            },
          );
          const result = await generation.result;
          history.push({ role: "assistant", content: result.text });
          const last = guard.history[guard.history.length - 1];
          process.stdout.write(`${tty ? "\n\n" : "\n"}[${result.finishReason}${result.haltReason ? `: ${result.haltReason}` : ""}] ${last ? gauge(Object.fromEntries(watch.map((e) => [e, last[e]!]))) : ""}\n`);
        }
      } finally {
        rl.close();
        await model.dispose();
      }
    }),
  );
}
