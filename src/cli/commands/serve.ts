import { Command } from "commander";
import { InvalidInputError, ResourceError } from "../../errors.js";
import fs from "node:fs";
import { config } from "../../config.js";
import { isLoopbackHost, startServer } from "../../server/server.js";
import { defaultRunsFile, RunStore } from "../../sweeps/runStore.js";
import { runsSourceOf } from "../../server/runs.js";
import { MODEL_ARGUMENT_HELP, MODEL_ARGUMENT_USAGE, withBackendOptions } from "../backendOptions.js";
import { gpuOption, nonNegativeInt, openModel, portNumber, positiveInt, threadsOption, type ModelFlags } from "../options.js";

interface ServeFlags extends ModelFlags {
  vectors?: string;
  host: string;
  port: number;
  apiKey?: string;
  maxConcurrent: number;
  maxQueue: number;
  batchSequences: number;
  tokensPerSequence: number;
  maxTokens: number;
  quiet?: boolean;
  runs?: string;
}

export function serveCommand(): Command {
  return withBackendOptions(
    new Command("serve")
      .description("Serve the model over an OpenAI-compatible API with per-request steering, emotion telemetry and guard rules, plus the dashboard")
      .argument("[model]", MODEL_ARGUMENT_HELP)
      .usage(MODEL_ARGUMENT_USAGE)
      .option("--vectors <dir>", "a vector-set folder, or a folder of them (requests choose a set by folder name)")
      .option("--host <address>", "address to listen on (any but loopback needs --api-key)", "127.0.0.1")
      .option("--port <n>", "port (0 picks a free one)", portNumber, 8080)
      .option("--api-key <key>", 'require "Authorization: Bearer <key>" on /v1 and /api')
      .option("--max-concurrent <n>", "requests generating at once (each holds a llama.cpp context)", positiveInt, 8)
      .option("--max-queue <n>", "requests that may wait for a slot before the server answers 429", nonNegativeInt, 64)
      .option(
        "--batch-sequences <n>",
        "llama.cpp: sequences decoded together in the server's continuous batch (each request's own steering and sampling)",
        positiveInt,
        8,
      )
      .option(
        "--tokens-per-sequence <n>",
        "llama.cpp: tokens (prompt and reply) one sequence of the batch holds; the model's context caps it",
        positiveInt,
        4096,
      )
      .option("--max-tokens <n>", "largest max_tokens a request may ask for", positiveInt, 4096)
      .option("--quiet", "do not log one line per request")
      .option("--runs <file.sqlite>", "sweep runs shown in the dashboard (default: the cache's runs.sqlite, when it exists)")
      .addOption(gpuOption())
      .addOption(threadsOption())
      .action(async (modelRef: string, flags: ServeFlags) => {
        // Checked before the model loads, so the mistake costs nothing.
        if (!isLoopbackHost(flags.host) && !flags.apiKey) {
          throw new InvalidInputError(
            "INVALID_ARGUMENT",
            `--host ${flags.host} is not a loopback address, and without --api-key anyone who can reach it could use the model. Add --api-key <key> (clients send "Authorization: Bearer <key>"), or keep --host 127.0.0.1.`,
          );
        }
        if (flags.vectors && !fs.existsSync(flags.vectors)) {
          throw new ResourceError(
            "NOT_FOUND",
            `--vectors ${flags.vectors} does not exist; give a vector-set folder (from limbic extract) or a folder of them.`,
          );
        }
        const model = await openModel(modelRef, flags);
        const log = (line: string) => process.stderr.write(`limbic: ${line}\n`);
        const runsFile = flags.runs ?? defaultRunsFile(config.cacheDir);
        const store = flags.runs || fs.existsSync(runsFile) ? new RunStore(runsFile) : null;
        let server;
        try {
          server = await startServer({
            model,
            ...(store ? { runs: runsSourceOf(store) } : {}),
            ...(flags.vectors ? { vectors: flags.vectors } : {}),
            host: flags.host,
            port: flags.port,
            ...(flags.apiKey ? { apiKey: flags.apiKey } : {}),
            limits: {
              maxConcurrent: flags.maxConcurrent,
              maxQueue: flags.maxQueue,
              maxTokens: flags.maxTokens,
              batchSequences: flags.batchSequences,
              tokensPerSequence: flags.tokensPerSequence,
            },
            log,
            ...(flags.quiet
              ? {}
              : {
                  onRequestEnd: (r) =>
                    log(
                      `${r.method} ${r.path} ${r.status} ${Math.round(r.durationMs)} ms${r.finishReasons ? ` (${r.finishReasons.join(",")}, ${r.completionTokens} tokens)` : ""}`,
                    ),
                }),
          });
        } catch (error) {
          store?.close();
          await model.dispose();
          throw error;
        }
        process.stdout.write(`limbic: serving ${server.model.info.name} at ${server.url} (OpenAI base URL ${server.url}/v1, dashboard ${server.url}/)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
        log("shutting down");
        await server.close();
        store?.close();
        await model.dispose();
      }),
    { apiKeyFlag: "--vllm-api-key" },
  );
}
