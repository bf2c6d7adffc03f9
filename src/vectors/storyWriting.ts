/**
 * The model writes a story for every pending cell of the grid, in batches; each story is read
 * back (its residual stream averaged as storyReading.ts says) and stored before the next batch.
 * Rejected cells are redrawn on the same premise with a new seed until each has a story or has
 * used its attempts.
 */
import { fetchTokenBytes } from "../engine/tokenByteSource.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { createProgress, type ProgressOptions } from "../util/progress.js";
import { STORY_PREMISES } from "./data/premises.js";
import { storyPromptForBase, storyPromptForChat } from "./data/prompts.js";
import { MAX_ATTEMPTS, pendingCells, type CellJob, type Grid } from "./grid.js";
import type { PromptStyle } from "./promptStyle.js";
import type { ExtractionStore } from "./store.js";
import { keptRows, readStory } from "./storyReading.js";

export interface WritingOptions {
  style: PromptStyle;
  layers: number[];
  tokenOffset: number;
  batchSize: number;
  readMode: "story" | "generation";
  seed: number;
  temperature: number;
  maxStoryTokens: number;
  progress: ProgressOptions;
}

export interface WritingStats {
  generatedTokens: number;
}

export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The seed of one story: the run's seed, the cell and the attempt, so every redraw differs. */
export function storySeed(seed: number, job: Pick<CellJob, "emotion" | "premise" | "attempt">): number {
  return (seed * 1_000_003 + hashString(`${job.emotion}|${job.premise.index}|${job.attempt}`)) >>> 0;
}

function promptFor(job: CellJob, style: PromptStyle): string {
  const premise = STORY_PREMISES[job.premise.index]!;
  return style === "chat" ? storyPromptForChat(job.emotion, premise, job.premise.variant) : storyPromptForBase(job.emotion, premise, job.premise.variant);
}

export async function writeGridStories(model: LanguageModel, store: ExtractionStore, grid: Grid, o: WritingOptions, stats: WritingStats): Promise<void> {
  const cells = grid.premises.length * grid.emotions.length;
  const settled = () => [...store.cellStates().values()].filter((c) => c.accepted || c.tried >= MAX_ATTEMPTS).length;
  const progress = createProgress("stories", cells, { alreadyDone: settled(), ...o.progress });
  let redraws = 0;
  for (;;) {
    const states = store.cellStates();
    const pending = pendingCells(grid, (emotion, premise) => states.get(`${emotion}\u0000${premise}`) ?? { tried: 0, accepted: false });
    if (pending.length === 0) break;
    for (let start = 0; start < pending.length; start += o.batchSize) {
      const batch = pending.slice(start, start + o.batchSize);
      await writeBatch(model, store, batch, o, stats);
      redraws += batch.filter((j) => j.attempt > 0).length;
      progress.tick(settled(), redraws ? `${redraws} redrawn` : "");
    }
  }
  progress.finish(redraws ? `${redraws} redrawn` : "");
}

async function writeBatch(model: LanguageModel, store: ExtractionStore, batch: CellJob[], o: WritingOptions, stats: WritingStats): Promise<void> {
  const n = model.info.nEmbd;
  const chat = o.style === "chat";
  const prompts = batch.map((job) => promptFor(job, o.style));
  const perToken = batch.map(() => new Map<number, Float32Array[]>());
  const results = await model.generateBatch(
    batch.map((job, i) => ({
      ...(chat ? { messages: [{ role: "user" as const, content: prompts[i]! }] } : { prompt: prompts[i]! }),
      maxTokens: o.maxStoryTokens,
      temperature: o.temperature,
      seed: storySeed(o.seed, job),
      ...(chat ? {} : { stop: ["\n\n", "\nEntry", "SMALL HOURS"] }),
      ...(o.readMode === "generation"
        ? {
            captureLayers: o.layers,
            onToken: (event: { activations: Map<number, Float32Array> | null }) => {
              for (const [layer, row] of event.activations ?? []) perToken[i]!.set(layer, [...(perToken[i]!.get(layer) ?? []), row]);
            },
          }
        : {}),
    })),
  );
  // Base prompts end with the story's first word, which belongs to the story.
  const texts = results.map((r, i) => (chat ? r.text : `${prompts[i]!.slice(prompts[i]!.lastIndexOf("\n") + 1)}${r.text}`).trim());
  let reads: { tokens: ArrayLike<number>; text: string; layers: Map<number, Float32Array> }[];
  if (o.readMode === "story") {
    const forward = await model.forward(
      texts.map((t) => (t.length > 0 ? t : ".")),
      { layers: o.layers },
    );
    reads = forward.map((f, i) => ({ tokens: f.tokens, text: texts[i]!, layers: f.layers }));
  } else {
    reads = results.map((r, i) => {
      const stacked = new Map<number, Float32Array>();
      for (const [layer, rows] of perToken[i]!) {
        const data = new Float32Array(rows.length * n);
        rows.forEach((row, k) => data.set(row, k * n));
        stacked.set(layer, data);
      }
      // Generated tokens spell the reply text; the first one still counts as "position 0".
      return { tokens: r.tokens, text: r.text, layers: stacked };
    });
  }
  const pieces = await fetchTokenBytes(
    model,
    reads.flatMap((r) => Array.from(r.tokens)),
  );
  batch.forEach((job, i) => {
    stats.generatedTokens += results[i]!.tokens.length;
    const read = reads[i]!;
    const story = readStory(read.layers, n, keptRows(pieces, job.emotion, read.text, read.tokens, o.tokenOffset), read.tokens.length);
    store.addStory(
      {
        emotion: job.emotion,
        premiseIndex: job.premise.index,
        attempt: job.attempt,
        variant: job.premise.variant,
        text: texts[i]!,
        tokens: story.tokens,
        kept: story.kept,
        masked: story.masked,
        heldOut: job.premise.heldOut,
        rejected: story.rejected,
      },
      story.means,
      story.normSums,
    );
  });
}
