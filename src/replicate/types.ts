/** What `replicate` produces: the probes' numbers and the scorecard's rows (rendering lives in report/). */
import type { ValidationReport } from "../vectors/validation/types.js";
import type { HeldOutDiagnostics } from "./diagnostics.js";
import type { PaperClaim } from "./paper.js";

/** Who wrote the stories the vectors come from: the model itself, or Limbic's reference corpus. */
export type StorySource = "self" | "reference";

export type RowVerdict = "reproduced" | "weaker" | "not reproduced" | "not measurable" | "not run";

export interface ScorecardRow {
  id: string;
  /** The vector set the row reads; "both" for rows comparing the two. */
  source: StorySource | "both";
  measure: string;
  paper: PaperClaim;
  ours: { value: number | null; interval: [number, number] | null; n: number | null; text: string };
  control: { label: string; value: number | null; text: string } | null;
  verdict: RowVerdict;
  reason: string;
}

export interface FeelResult {
  strength: number;
  frames: number;
  emotions: string[];
  /** Rows = steered emotion, columns = emotion word: mean Δ log-probability over frames. */
  delta: number[][];
  diagonal: number;
  offDiagonal: number;
  difference: number;
  /** Bootstrap over frames. */
  interval: [number, number];
  /** Steered emotions whose own word gains the most. */
  hits: number;
  /** Rows shuffled among themselves. */
  permutationP: number;
}

export interface SpeakerResult {
  messages: number;
  emotions: string[];
  /** r between the user-turn readout and the reply-start readout, each emotion centred over messages. */
  r: number;
  interval: [number, number];
  /** Share of messages whose own emotion reads highest over the user's turn, and at the reply start. */
  userTop1: number;
  replyTop1: number;
  lovingRise: { mean: number; interval: [number, number] } | null;
}

export interface SelfReadoutResult {
  strength: number;
  requests: number;
  emotions: string[];
  generatedTokens: number;
  /** Rows = steered emotion, columns = emotion read back: mean Δz against the unsteered reply. */
  shift: number[][];
  /** Mean Δz of the steered emotion itself. */
  ownShift: number;
  ownInterval: [number, number];
  /** Mean Δz of every emotion under random directions of the same norm. */
  randomShift: number;
  randomAbsMax: number;
  difference: number;
  differenceInterval: [number, number];
  hits: number;
  permutationP: number;
}

export interface PcaNull {
  draws: number;
  pc1: { mean: number; p95: number };
  pc2: { mean: number; p95: number };
}

export interface BehaviourSummary {
  scenario: string;
  runId: string;
  steerEmotion: string;
  rows: { strength: number; vector: string; n: number; rate: number; low: number; high: number }[];
  /** Coding runs: the climb of desperate at attempt start, per eventual outcome (all cells pooled), and when the target first appeared. */
  attempts?: {
    target: string;
    climbs: { outcome: string; mean: number; low: number | null; high: number | null; n: number }[];
    firstTurns: { turn: number; count: number }[];
  };
}

/** Everything measured for one vector set. */
export interface SourceResult {
  source: StorySource;
  dir: string;
  stories: number;
  validation: ValidationReport;
  pcaNull: PcaNull;
  feel: FeelResult | null;
  speaker: SpeakerResult | null;
  selfReadout: SelfReadoutResult | null;
  /** Held-out top-1 by layer and denoising share, per-emotion recall: why the held-out rows read as they do. */
  diagnostics: HeldOutDiagnostics | null;
  /** Seconds spent on this source (extraction included), summed over resumed runs. */
  seconds: number;
}

export interface ReplicationResult {
  format: "limbic-replication";
  version: 1;
  model: { name: string; file: string; sha256: string; nLayer: number; nEmbd: number };
  settings: { emotions: "core12" | "all"; storiesPerEmotion: number; quick: boolean; seed: number; sources: StorySource[]; shuffledLabels: boolean };
  sources: SourceResult[];
  /** Mean cosine between the self-written and reference vectors of the same emotion (when both exist). */
  crossSource: { layer: number; meanCosine: number; perEmotion: Record<string, number> } | null;
  behaviour: BehaviourSummary[];
  rows: ScorecardRow[];
  wallSeconds: number;
}
