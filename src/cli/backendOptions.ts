/**
 * The backend flags every model-taking command shares: `--backend`, `--url`, `--served-model`,
 * the vLLM server's API key and `--max-in-flight`. A hook checks them before the command does
 * any work and rewrites the model into one `vllm+http://host:port/<name>` reference, so each
 * command handles one string whichever way the user named the server.
 */
import { Option, type Command } from "commander";
import { InvalidInputError } from "../errors.js";
import { formatVllmReference, resolveBackend } from "../engine/openModel.js";
import { positiveInt } from "./options.js";

/**
 * Help for the model of a command that takes it as its only argument. Commander holds it optional
 * because `--backend vllm --url … --served-model …` can name the model instead; everywhere else it
 * is required (the preAction check below), so such commands show `<model>` in their usage line.
 */
export const MODEL_ARGUMENT_HELP =
  "GGUF path, hf:<user>/<repo>/<file>.gguf, or vllm+http://host:port/<served-model>; left out only with --backend vllm --url … --served-model …";
export const MODEL_ARGUMENT_USAGE = "[options] <model>";

export interface BackendOptionsSetup {
  /** `serve` keeps `--api-key` for its own clients; the vLLM server's key is then `--vllm-api-key`. */
  apiKeyFlag?: "--api-key" | "--vllm-api-key";
  /** Where the command takes its model: the first argument (default) or `--model` (demo). */
  modelFrom?: "argument" | "option";
}

export function withBackendOptions(command: Command, setup: BackendOptionsSetup = {}): Command {
  const apiKeyFlag = setup.apiKeyFlag ?? "--api-key";
  const apiKeyKey = apiKeyFlag === "--api-key" ? "apiKey" : "vllmApiKey";
  command
    .addOption(
      new Option("--backend <engine>", "llama.cpp (a .gguf or hf: model) or vllm (a vLLM server with vllm-lens); a vllm+http:// model implies vllm").choices([
        "llama.cpp",
        "vllm",
      ]),
    )
    .addOption(new Option("--url <url>", "the vLLM server, http://host:port (with --backend vllm)"))
    .addOption(new Option("--served-model <name>", "the model's name on the vLLM server (its --served-model-name); the model argument may give it instead"))
    .addOption(new Option(`${apiKeyFlag} <key>`, "the vLLM server's API key (sent as a bearer token)"))
    .addOption(new Option("--max-in-flight <n>", "requests to the vLLM server at once (default 16)").argParser(positiveInt));
  command.hook("preAction", (_program, action) => {
    const flags = action.opts();
    const fromOption = setup.modelFrom === "option";
    // demo's --model has a llama.cpp default, which is no served name.
    const given: string | undefined = fromOption
      ? action.getOptionValueSource("model") === "default" && flags.backend === "vllm"
        ? undefined
        : flags.model
      : action.processedArgs[0];
    if (given === undefined && flags.backend !== "vllm" && !fromOption)
      action.error("error: missing required argument 'model'", { code: "commander.missingArgument" });
    const choice = resolveBackend(given, { backend: flags.backend, url: flags.url, servedModel: flags.servedModel, apiKey: flags[apiKeyKey] });
    if (choice.backend === "llama.cpp") {
      if (flags.maxInFlight !== undefined) throw new InvalidInputError("INVALID_ARGUMENT", "--max-in-flight only applies with --backend vllm.");
      return;
    }
    const local = (["gpu", "threads"] as const).filter((k) => flags[k] !== undefined);
    if (local.length)
      throw new InvalidInputError(
        "INVALID_ARGUMENT",
        `${local.map((k) => `--${k}`).join(" and ")} ${local.length === 1 ? "sets" : "set"} up llama.cpp; the vLLM server decides its own devices and threads.`,
      );
    // One place for the key, whichever flag gave it (openModel reads it from here).
    if (choice.apiKey !== undefined) action.setOptionValue("vllmApiKey", choice.apiKey);
    const reference = formatVllmReference(choice);
    if (fromOption) action.setOptionValue("model", reference);
    else action.processedArgs[0] = reference;
  });
  return command;
}
