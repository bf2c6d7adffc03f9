/** What every route handler of one server shares. */
import type { FinishReason } from "../engine/contract.js";
import type { LanguageModel } from "../engine/languageModel.js";
import type { ServerLimits } from "./limits.js";
import type { RequestQueue } from "./queue.js";
import type { RunsSource } from "./runs.js";
import type { VectorSetRegistry } from "./vectorSets.js";

export interface ServerContext {
  model: LanguageModel;
  /** The id /v1/models lists and requests name in `model`. */
  modelId: string;
  sets: VectorSetRegistry;
  limits: ServerLimits;
  queue: RequestQueue;
  runs: RunsSource | null;
  dashboardDir: string;
  /** Unix seconds. */
  startedAt: number;
  log: (line: string) => void;
}

/** One handled request, as reported to `onRequestEnd` once its response is over. */
export interface RequestRecord {
  method: string;
  path: string;
  /** The status sent; 499 when the client left before the reply was complete. */
  status: number;
  durationMs: number;
  /** Generation requests: how each choice ended ("abort" when the client disconnected). */
  finishReasons?: FinishReason[];
  completionTokens?: number;
}
