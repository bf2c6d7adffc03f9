/**
 * `replicate`: the paper's measurements on one model, with nulls, in one resumable run. It plans
 * extraction from self-written stories and from Limbic's reference corpus, validates each set
 * (vectors/validate.ts does the measuring), adds the probes validation lacks (steered "I feel",
 * speaker dissociation, steering read back), reads behaviour from sweep runs already stored, and
 * turns it all into scorecard rows. Each step is stored as it finishes (store.ts).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { config } from "../config.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { checkStrength } from "../engine/strength.js";
import { AbortError, InvalidInputError } from "../errors.js";
import { defaultRunsFile } from "../sweeps/runStore.js";
import { mulberry32 } from "../vectors/stats.js";
import { ALL_EMOTIONS, CORE_EMOTIONS } from "../vectors/data/emotions.js";
import { STORY_PREMISES } from "../vectors/data/premises.js";
import { extractEmotionVectors, type ExtractOptions } from "../vectors/extract.js";
import { planGrid } from "../vectors/grid.js";
import { openReader } from "../vectors/reader.js";
import { referenceCorpusFor } from "../vectors/referenceCorpus.js";
import { ExtractionStore } from "../vectors/store.js";
import { cosine } from "../vectors/stats.js";
import { validateVectorSet } from "../vectors/validate.js";
import type { ValidationReport } from "../vectors/validation/types.js";
import { readVectorSet, vectorFor, type VectorSet } from "../vectors/vectorSet.js";
import { behaviourFromRuns } from "./behaviour.js";
import { heldOutDiagnostics, type HeldOutDiagnostics } from "./diagnostics.js";
import { randomPcaShares } from "./nulls.js";
import { feelProbe } from "./probes/feel.js";
import { selfReadoutProbe } from "./probes/selfReadout.js";
import { speakerProbe } from "./probes/speaker.js";
import { scorecardRows } from "./rows.js";
import { ReplicationStore } from "./store.js";
import type { ProgressEvent } from "../util/progress.js";
import type { CorpusStory } from "../vectors/corpus.js";
import type { FeelResult, PcaNull, ReplicationResult, SelfReadoutResult, SourceResult, SpeakerResult, StorySource } from "./types.js";

export type * from "./types.js";

export interface ReplicateProgress {
  /** "extract:self", "validate:reference", … */
  step: string;
  done: number;
  total: number;
  /** Seconds left, from the steps done so far in this process; null before the first one ends. */
  etaSeconds: number | null;
  /** Progress inside the step (extraction's stories or corpus, then its neutral set); absent at the step's start. */
  unit?: ProgressEvent;
}

export interface ReplicateOptions {
  outDir: string;
  /** "core12" (default) or "all" 171. */
  emotions?: "core12" | "all";
  /** Shared premises per emotion, held-out ones included. Defaults to 20 for core12, 6 for all, 5 with quick. */
  storiesPerEmotion?: number;
  /** Who writes the stories: the model ("self"), Limbic's reference corpus, or both (default; quick: self). */
  sources?: readonly StorySource[];
  /** Continue a run stored in outDir. */
  resume?: boolean;
  /** Every row on a small budget (short stories, fewer probe prompts): for tests and a first look. */
  quick?: boolean;
  /** Control: the reference stories' emotion labels are shuffled within each premise; every reading row should then fail. */
  shuffleLabels?: boolean;
  /** Steering strength (fraction of the residual norm) of the "I feel" probe. Defaults to 0.25. */
  feelStrength?: number;
  /** Steering strength of the steered-generation probe. Defaults to 0.1. */
  generationStrength?: number;
  /** Sweep runs store read for the behaviour rows. Defaults to the cache's runs.sqlite. */
  runsFile?: string;
  seed?: number;
  /** Stops the run after the unit in hand (a step, or a batch of an extraction) with an AbortError; what is finished is stored, and `resume` continues. */
  signal?: AbortSignal;
  /** At the start of each step not yet stored, and at every unit inside it. Nothing is written to stderr. */
  onProgress?: (progress: ReplicateProgress) => void;
}

interface Resolved {
  emotions: readonly string[];
  scope: "core12" | "all";
  perEmotion: number;
  sources: StorySource[];
  quick: boolean;
  seed: number;
  feelStrength: number;
  generationStrength: number;
  shuffleLabels: boolean;
}

/** Checks the options that need no model (the CLI calls it before loading one); throws a typed error. */
export async function checkReplicateOptions(options: Omit<ReplicateOptions, "outDir">): Promise<void> {
  const r = resolve(options);
  if (r.sources.includes("reference")) await referenceCorpusFor(planGrid(r.emotions, STORY_PREMISES.length, r.perEmotion, 0.2, r.seed));
}

function resolve(options: Omit<ReplicateOptions, "outDir">): Resolved {
  const scope = options.emotions ?? "core12";
  if (scope !== "core12" && scope !== "all")
    throw new InvalidInputError("INVALID_ARGUMENT", `emotions must be "core12" or "all", not ${JSON.stringify(scope)}.`, { emotions: scope });
  const quick = options.quick ?? false;
  const perEmotion = options.storiesPerEmotion ?? (quick ? 5 : scope === "all" ? 6 : 20);
  if (!Number.isInteger(perEmotion) || perEmotion < 5 || perEmotion > STORY_PREMISES.length) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `storiesPerEmotion must be an integer from 5 (one held-out premise at the 0.2 split) to ${STORY_PREMISES.length}, not ${perEmotion}.`,
      { storiesPerEmotion: perEmotion, option: "storiesPerEmotion" },
    );
  }
  const sources = [...new Set(options.sources ?? (quick ? ["self"] : ["self", "reference"]))] as StorySource[];
  if (sources.length === 0 || sources.some((s) => s !== "self" && s !== "reference"))
    throw new InvalidInputError("INVALID_ARGUMENT", `sources must be "self", "reference" or both, not ${JSON.stringify(options.sources)}.`);
  const shuffleLabels = options.shuffleLabels ?? false;
  if (shuffleLabels && sources.includes("self"))
    throw new InvalidInputError("INVALID_ARGUMENT", 'The shuffled-label control relabels the reference corpus; run it with sources ["reference"] only.');
  const strength = (name: string, value: number | undefined, fallback: number) => {
    const s = checkStrength(value ?? fallback, name);
    // The probes push towards the emotion: a negative or zero strength would test nothing.
    if (s <= 0)
      throw new InvalidInputError("INVALID_ARGUMENT", `${name} must be a positive steering strength (the probes push towards the emotion), not ${s}.`, {
        name,
        value: s,
      });
    return s;
  };
  return {
    emotions: scope === "all" ? ALL_EMOTIONS : CORE_EMOTIONS,
    scope,
    perEmotion,
    sources,
    quick,
    seed: options.seed ?? 1,
    feelStrength: strength("feelStrength", options.feelStrength, 0.25),
    generationStrength: strength("generationStrength", options.generationStrength, 0.1),
    shuffleLabels,
  };
}

/** Within each premise, the stories' emotion labels are permuted (a seeded control that keeps the grid balanced). */
function shuffleWithinPremise(stories: readonly CorpusStory[], seed: number): CorpusStory[] {
  const random = mulberry32(seed);
  const byPremise = new Map<string, number[]>();
  stories.forEach((s, i) => byPremise.set(s.premise ?? "", [...(byPremise.get(s.premise ?? "") ?? []), i]));
  const out = stories.map((s) => ({ ...s }));
  for (const indices of byPremise.values()) {
    const labels = indices.map((i) => stories[i]!.emotion);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [labels[i], labels[j]] = [labels[j]!, labels[i]!];
    }
    indices.forEach((storyIndex, k) => (out[storyIndex]!.emotion = labels[k]!));
  }
  return out;
}

export async function replicate(model: LanguageModel, options: ReplicateOptions): Promise<ReplicationResult> {
  const r = resolve(options);
  const grid = planGrid(r.emotions, STORY_PREMISES.length, r.perEmotion, 0.2, r.seed);
  // Refuse a grid the reference corpus does not cover before any work.
  const reference = r.sources.includes("reference") ? await referenceCorpusFor(grid) : null;
  await fs.mkdir(options.outDir, { recursive: true });
  const store = new ReplicationStore(path.join(options.outDir, "replicate.sqlite"));
  try {
    const settings = {
      model: model.info.sha256,
      emotions: r.scope,
      perEmotion: r.perEmotion,
      sources: r.sources,
      quick: r.quick,
      seed: r.seed,
      feelStrength: r.feelStrength,
      generationStrength: r.generationStrength,
      shuffleLabels: r.shuffleLabels,
    };
    const previous = store.getMeta("settings");
    if (previous !== undefined) {
      if (!options.resume)
        throw new InvalidInputError(
          "CONFLICT",
          `${options.outDir} already holds a replication (${store.stepCount()} steps done). Resume it, or choose another folder.`,
          { dir: options.outDir, option: "resume" },
        );
      const before = JSON.parse(previous) as Record<string, unknown>;
      const changed = Object.keys(settings).filter((k) => JSON.stringify(before[k]) !== JSON.stringify((settings as Record<string, unknown>)[k]));
      if (changed.length)
        throw new InvalidInputError(
          "CONFLICT",
          `${options.outDir} holds a replication with other settings (${changed.join(", ")} differ); resume it with the same ones, or choose another folder.`,
          { dir: options.outDir, changed },
        );
    }
    store.setMeta("settings", JSON.stringify(settings));

    const stepNames = r.sources.flatMap((s) => ["extract", "validate", "pca-null", "diagnostics", "feel", "speaker", "self-readout"].map((k) => `${k}:${s}`));
    let done = stepNames.filter((k) => store.step(k)).length;
    const started = Date.now();
    let doneHere = 0;
    const runStep = async <T>(key: string, compute: (report: (unit: ProgressEvent) => void) => Promise<T>): Promise<{ value: T; seconds: number }> => {
      const stored = store.step<T>(key);
      if (stored) return stored;
      if (options.signal?.aborted) throw new AbortError("ABORTED", `Replication stopped before ${key}; resume it to continue from there.`, { step: key });
      const at: ReplicateProgress = {
        step: key,
        done,
        total: stepNames.length,
        etaSeconds: doneHere ? ((Date.now() - started) / 1000 / doneHere) * (stepNames.length - done) : null,
      };
      options.onProgress?.(at);
      const t0 = Date.now();
      const value = await compute((unit) => options.onProgress?.({ ...at, unit }));
      const seconds = (Date.now() - t0) / 1000;
      store.setStep(key, value, seconds);
      done++;
      doneHere++;
      return { value, seconds };
    };

    const results: SourceResult[] = [];
    const sets = new Map<StorySource, VectorSet>();
    for (const source of r.sources) {
      const dir = path.join(options.outDir, source);
      const extraction = await runStep(`extract:${source}`, async (report) => {
        const common: ExtractOptions = {
          outDir: dir,
          emotions: r.emotions,
          storiesPerEmotion: r.perEmotion,
          resume: true,
          seed: r.seed,
          progress: false,
          onProgress: report,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(r.quick ? { maxStoryTokens: 48, tokenOffset: 4 } : {}),
        };
        const corpus =
          source === "reference"
            ? { corpus: r.shuffleLabels ? shuffleWithinPremise(reference!.stories, r.seed) : reference!.stories, heldOutPremises: reference!.heldOutPremises }
            : {};
        const result = await extractEmotionVectors(model, { ...common, ...corpus });
        return { stories: result.stories, rejected: result.rejected, generatedTokens: result.generatedTokens };
      });
      const set = await readVectorSet(dir);
      sets.set(source, set);
      const validation = await runStep<ValidationReport>(`validate:${source}`, () => validateVectorSet(model, set, { seed: 7 }));
      // The null and the diagnostics read the same extraction store: open it once for both.
      let extractionStore: ExtractionStore | null = null;
      const stored = () => (extractionStore ??= new ExtractionStore(path.join(dir, "extraction.sqlite")));
      let pcaNull: { value: PcaNull; seconds: number };
      let diagnostics: { value: HeldOutDiagnostics; seconds: number };
      try {
        pcaNull = await runStep<PcaNull>(`pca-null:${source}`, async () =>
          randomPcaShares(
            set.manifest.emotions.length,
            model.info.nEmbd,
            stored().neutral(set.manifest.default_layer),
            set.manifest.denoise.variance_fraction,
            200,
            r.seed,
          ),
        );
        diagnostics = await runStep<HeldOutDiagnostics>(`diagnostics:${source}`, async () => heldOutDiagnostics(stored(), set, model.info.nEmbd));
      } finally {
        (extractionStore as ExtractionStore | null)?.close();
      }
      const hasCore = CORE_EMOTIONS.every((e) => set.manifest.emotions.includes(e));
      const reader = hasCore ? await openReader(model, set, { emotions: CORE_EMOTIONS }) : null;
      const feel = await runStep<FeelResult | null>(`feel:${source}`, async () =>
        hasCore ? feelProbe(model, set, CORE_EMOTIONS, { strength: r.feelStrength, ...(r.quick ? { frames: 3 } : {}) }) : null,
      );
      const speaker = await runStep<SpeakerResult | null>(`speaker:${source}`, async () =>
        reader ? speakerProbe(model, reader, r.quick ? { messages: 12 } : {}) : null,
      );
      const selfReadout = await runStep<SelfReadoutResult | null>(`self-readout:${source}`, async () =>
        reader
          ? selfReadoutProbe(model, set, reader, {
              strength: r.generationStrength,
              seed: r.seed,
              ...(r.quick ? { requests: 2, randomDraws: 2, maxTokens: 16 } : {}),
            })
          : null,
      );
      const seconds = [extraction, validation, pcaNull, diagnostics, feel, speaker, selfReadout].reduce((a, s) => a + s.seconds, 0);
      results.push({
        source,
        dir,
        stories: extraction.value.stories,
        validation: validation.value,
        pcaNull: pcaNull.value,
        feel: feel.value,
        speaker: speaker.value,
        selfReadout: selfReadout.value,
        diagnostics: diagnostics.value,
        seconds,
      });
    }

    const self = sets.get("self");
    const ref = sets.get("reference");
    let crossSource: ReplicationResult["crossSource"] = null;
    if (self && ref?.manifest.layers.includes(self.manifest.default_layer)) {
      const layer = self.manifest.default_layer;
      const perEmotion = Object.fromEntries(self.manifest.emotions.map((e) => [e, cosine(vectorFor(self, e, layer), vectorFor(ref, e, layer))]));
      const values = Object.values(perEmotion);
      crossSource = { layer, meanCosine: values.reduce((a, b) => a + b, 0) / values.length, perEmotion };
    }
    const behaviour = behaviourFromRuns(options.runsFile ?? defaultRunsFile(config.cacheDir), model.info.sha256);
    const partial = { sources: results, crossSource, behaviour };
    const result: ReplicationResult = {
      format: "limbic-replication",
      version: 1,
      model: { name: model.info.name, file: path.basename(model.info.path), sha256: model.info.sha256, nLayer: model.info.nLayer, nEmbd: model.info.nEmbd },
      settings: { emotions: r.scope, storiesPerEmotion: r.perEmotion, quick: r.quick, seed: r.seed, sources: r.sources, shuffledLabels: r.shuffleLabels },
      ...partial,
      rows: scorecardRows(partial),
      wallSeconds: results.reduce((a, s) => a + s.seconds, 0),
    };
    await fs.writeFile(path.join(options.outDir, "scorecard.json"), JSON.stringify(result, null, 1));
    return result;
  } finally {
    store.close();
  }
}
