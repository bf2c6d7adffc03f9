// Limbic's public API: everything the CLI and tests use.
export { loadModel, Model } from "./engine/model.js";
export type { LoadModelOptions, ModelInfo, GenerateOptions, TokenizeOptions } from "./engine/model.js";
export { Generation } from "./engine/generation.js";
export type { FinishReason, GenerationControl, GenerationResult, SamplingOptions, TokenEvent } from "./engine/generate.js";
export type { ForwardOptions, ForwardResult, PositionSelection } from "./engine/forward.js";
export { normScaledSteering, steeringBuffer, vectorNorm } from "./engine/steering.js";
export type { Steering, SteeringAddition } from "./engine/steering.js";
export { controlVectorSteering, readControlVector, writeControlVector } from "./engine/controlVector.js";
export type { ControlVector } from "./engine/controlVector.js";
export type { ChatMessage, RenderedChat, ToolCall } from "./engine/chatTemplate.js";
export { inspectGguf, readTensorFloats } from "./engine/gguf.js";
export type { GgufFile, GgufTensor } from "./engine/gguf.js";
export { builtVariants } from "./engine/bindings.js";
export type { GpuOption, GpuVariant } from "./engine/bindings.js";
export {
  ContextOverflowError,
  ControlVectorError,
  EngineError,
  InvalidInputError,
  LimbicError,
  ModelFileError,
} from "./errors.js";
export type { LimbicErrorCode } from "./errors.js";
