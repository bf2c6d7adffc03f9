// Limbic's public API: what a user's own script needs to extract, validate, trace, guard, sweep and
// serve. Internal helpers are not re-exported here; Limbic's own code imports them from their modules.
export { loadModel, Model } from "./engine/model.js";
export type { LoadModelOptions, ModelInfo } from "./engine/model.js";
export type { GenerateOptions, TokenizeOptions } from "./engine/contract.js";
export { Generation } from "./engine/generation.js";
export { ContinuousBatch } from "./engine/continuousBatch.js";
export type { SequenceBatchOptions } from "./engine/contract.js";
export { isLanguageModel, localGgufPath, localWeightsFile, modelId } from "./engine/languageModel.js";
export type { Awaitable, BackendName, GenerationHandle, LanguageModel, LanguageModelInfo, SharedBatch } from "./engine/languageModel.js";
export { openLanguageModel } from "./engine/openModel.js";
export type { OpenModelOptions } from "./engine/openModel.js";
export { VllmModel } from "./engine/vllm/vllmModel.js";
export type { VllmModelOptions } from "./engine/vllm/vllmModel.js";
export { formatVllmReference, isVllmReference, parseVllmReference, resolveBackend } from "./engine/vllm/reference.js";
export type { BackendFlags, VllmTarget } from "./engine/vllm/reference.js";
export type { FinishReason, GenerationControl, GenerationResult, SamplingOptions, TokenEvent } from "./engine/contract.js";
export type { ForwardOptions, ForwardResult, PositionSelection } from "./engine/forward.js";
export { normScaledSteering } from "./engine/steering.js";
export { checkStrength, MAX_STRENGTH, parseStrength, type Strength } from "./engine/strength.js";
export type { Steering, SteeringAddition } from "./engine/steering.js";
export { controlVectorSteering, readControlVector, writeControlVector } from "./engine/controlVector.js";
export type { ControlVector } from "./engine/controlVector.js";
export type { ChatMessage, RenderedChat, ToolCall } from "./engine/chatTemplate.js";
export { replyStops, TURN_STOPS } from "./engine/turnStops.js";
export { inspectGguf, readTensorFloats } from "./engine/gguf.js";
export type { GgufFile, GgufTensor } from "./engine/gguf.js";
export { builtVariants } from "./engine/bindings.js";
export type { GpuOption, GpuVariant } from "./engine/bindings.js";
export { extractEmotionVectors } from "./vectors/extract.js";
export type { CorpusStory, ExtractOptions, ExtractResult } from "./vectors/extract.js";
export type { ProgressEvent } from "./util/progress.js";
export { validateVectorSet } from "./vectors/validate.js";
export { replicate } from "./replicate/replicate.js";
export type { ReplicateOptions, ReplicateProgress, ReplicationResult, ScorecardRow, RowVerdict, StorySource } from "./replicate/replicate.js";
export { renderScorecard, scorecardText } from "./report/scorecardReport.js";
export { REFERENCE_CORPUS_FILE } from "./vectors/referenceCorpus.js";
export { importControlVectors } from "./vectors/importVectors.js";
export { emotionSteering, readVectorSet, vectorFor, writeVectorSet } from "./vectors/vectorSet.js";
export type { VectorSet, VectorSetManifest } from "./vectors/vectorSet.js";
export { ALL_EMOTIONS, CORE_EMOTIONS, resolveEmotionList } from "./vectors/data/emotions.js";
export type { ValidationReport } from "./report/validationReport.js";
export { renderValidationReport } from "./report/validationReport.js";
export { parseTranscript, parseMessages } from "./monitor/transcript.js";
export type { Transcript } from "./monitor/transcript.js";
export { traceTranscript } from "./monitor/trace.js";
export type { TraceOptions, TraceResult, TracedToken, MessageSummary } from "./monitor/trace.js";
export { renderTraceReport } from "./report/traceReport.js";
export { openReader } from "./vectors/reader.js";
export type { EmotionReader, Readout, ReaderOptions } from "./vectors/reader.js";
export { upgradeVectorSet } from "./vectors/upgrade.js";
export { Guard, parseGuardRule } from "./monitor/guard.js";
export type { GuardAction, GuardEvent, GuardRule } from "./monitor/guard.js";
export { generateWithGuard } from "./monitor/guardedGenerate.js";
export type { GuardOptions } from "./monitor/guardedGenerate.js";
export { evaluateMonitor, evaluateMonitorOnSeries, labelClasses, READOUT_POINTS } from "./monitor/monitorEval.js";
export type {
  Estimate,
  LabelledTranscript,
  LeadTimeResult,
  MonitorEvalOptions,
  MonitorEvalResult,
  PointResult,
  ReadoutPoint,
  ReadoutSource,
  SeriesTranscript,
  TextBaselineResult,
} from "./monitor/monitorEval.js";
export { scoreText, textSeenAt, trainTextClassifier } from "./monitor/textBaseline.js";
export type { TextClassifier } from "./monitor/textBaseline.js";
export { getScenario, SCENARIOS } from "./scenarios/registry.js";
export type { ScenarioName } from "./scenarios/registry.js";
export { defineScenario } from "./scenarios/contract.js";
export { gradeTranscriptFile, readTranscriptLines } from "./scenarios/gradeFile.js";
export type { GradedLine, TranscriptLine } from "./scenarios/gradeFile.js";
export type { Episode, ParamValue, Scenario, ScenarioDefinition, StartOptions, Verdict } from "./scenarios/contract.js";
export { judgeEpisode, JUDGE_RUBRICS } from "./scenarios/judge.js";
export type { JudgeRubric, JudgeVerdict } from "./scenarios/judge.js";
export { calibrate, CALIBRATION_SETS } from "./scenarios/calibration/calibrate.js";
export type { CalibrationItem, CalibrationReport, CalibrationResult } from "./scenarios/calibration/types.js";
export { CODE_TASKS } from "./scenarios/impossibleCode/tasks/index.js";
export type { CodeTask } from "./scenarios/impossibleCode/tasks/index.js";
export { loadCodeTask, parseCodeTask } from "./scenarios/impossibleCode/taskLoader.js";
export type { InputSpec } from "./scenarios/impossibleCode/inputs.js";
export { planSweep } from "./sweeps/plan.js";
export type { CheckedSweepPlan, SweepPlan, SweepSpec } from "./sweeps/plan.js";
export { resumeSweep, runSweep } from "./sweeps/runner.js";
export { checkResumeSpec, planDifferences } from "./sweeps/resumeCheck.js";
export type { PlanDifference, ResumeSpec } from "./sweeps/resumeCheck.js";
export type { SweepRunOptions } from "./sweeps/runner.js";
export { RunStore } from "./sweeps/runStore.js";
export type { RolloutRecord, RunRecord, SteeringVector, TurnTrace } from "./sweeps/runStore.js";
export { summarizeRun } from "./sweeps/results.js";
export { runDetailWire, runSummaryWire } from "./sweeps/runWire.js";
export type { StrengthResult, SweepResults, TurnTracePoint } from "./sweeps/results.js";
export { trendTest } from "./sweeps/trend.js";
export type { StrengthCount, TrendResult } from "./sweeps/trend.js";
export { attemptTrace } from "./sweeps/attemptTrace.js";
export type { AttemptCell, AttemptPoint, AttemptRise, AttemptTrace, FirstTargetTurns, MeanInterval, TargetAlignedPoint } from "./sweeps/attemptTrace.js";
export { toInspectLog } from "./sweeps/inspectLog.js";
export { runMonitorInput } from "./sweeps/monitorInput.js";
export type { RunMonitorInput, RunMonitorOptions } from "./sweeps/monitorInput.js";
export { runsSourceOf } from "./server/runs.js";
export { renderSweepReport } from "./report/sweepReport.js";
export { renderMonitorEvalReport } from "./report/monitorEvalReport.js";
export { monitorEvalText } from "./report/monitorEvalText.js";
export { startServer } from "./server/server.js";
export type { RunningServer, ServerOptions } from "./server/server.js";
export type { ServerLimits } from "./server/limits.js";
export type { RequestRecord } from "./server/context.js";
export type { RunDetail, RunExample, RunResultRow, RunsSource, RunSummary } from "./server/runs.js";
export { runSandboxed } from "./sandbox/sandbox.js";
export type { SandboxIsolation, SandboxLimit, SandboxOptions, SandboxOutcome, SandboxResult, SandboxStrength } from "./sandbox/sandbox.js";
export {
  AbortError,
  BackendError,
  ContextOverflowError,
  ControlVectorError,
  DisposedError,
  EngineError,
  InternalError,
  InvalidInputError,
  LimbicError,
  ModelFileError,
  RequestRefusedError,
  ResourceError,
  SandboxUnavailableError,
  errorClassOfCode,
} from "./errors.js";
export type { CodeOf, LimbicErrorCode } from "./errors.js";
