/**
 * The served model as the routes see it: a llama.cpp model whose generations all run in one
 * continuous batch (each request joins at the next decode step with its own steering,
 * sampling, stops and capture), and everything else answered by the model itself. The guard,
 * readouts and streaming code above it are unchanged: they speak LanguageModel.
 */
import type { LanguageModel, SharedBatch } from "../engine/languageModel.js";

export function batchedModel(model: LanguageModel, batch: SharedBatch): LanguageModel {
  return {
    get info() {
      return model.info;
    },
    get isDisposed() {
      return model.isDisposed;
    },
    tokenize: (text, options) => model.tokenize(text, options),
    tokenizePrompt: (text) => model.tokenizePrompt(text),
    detokenize: (tokens, options) => model.detokenize(tokens, options),
    tokenBytes: (token, renderSpecial) => model.tokenBytes(token, renderSpecial),
    tokenText: (token, renderSpecial) => model.tokenText(token, renderSpecial),
    isEndOfGeneration: (token) => model.isEndOfGeneration(token),
    applyChatTemplate: (messages, options) => model.applyChatTemplate(messages, options),
    steeringBuffer: (steering) => model.steeringBuffer(steering),
    forward: (inputs, options) => model.forward(inputs, options),
    generate: (options) => batch.generate(options),
    generateBatch: (requests) => batch.generateBatch(requests),
    residualNorms: (texts, options) => model.residualNorms(texts, options),
    dispose: () => model.dispose(),
    [Symbol.asyncDispose]: () => model.dispose(),
  };
}
