/**
 * Reading tests that do not depend on the model's own writing: hand-written texts that show an
 * emotion without naming it (built-in implicit scenarios, or a corpus file) are read by the set,
 * and each text's highest z among the tested emotions should be its own.
 */
import { fetchTokenBytes } from "../../engine/tokenByteSource.js";
import { InvalidInputError } from "../../errors.js";
import type { LanguageModel } from "../../engine/languageModel.js";
import type { EmotionReader } from "../reader.js";
import { readCorpusFile as readCorpusStories } from "../corpus.js";
import { readZ } from "../readout.js";
import { keptRows } from "../storyReading.js";
import { accuracyResult } from "./accuracy.js";
import type { TextReadingResult } from "./types.js";

export interface LabelledText {
  emotion: string;
  text: string;
}

/** Mean activation over a text's tokens (BOS and the first min(12, 25%) skipped), per text. */
export async function textMeans(model: LanguageModel, layer: number, texts: readonly string[]): Promise<Float32Array[]> {
  const n = model.info.nEmbd;
  const reads = await model.forward(texts, { layers: [layer] });
  const pieces = await fetchTokenBytes(
    model,
    reads.flatMap((r) => Array.from(r.tokens)),
  );
  return reads.map((read, i) => {
    const { rows } = keptRows(pieces, null, texts[i]!, read.tokens, 12);
    const data = read.layers.get(layer)!;
    const mean = new Float64Array(n);
    for (const r of rows) for (let j = 0; j < n; j++) mean[j] = mean[j]! + data[r * n + j]! / rows.length;
    return Float32Array.from(mean);
  });
}

/** The activation at the token where the model's reply would start, with each text as a user message. */
export async function replyStartStates(model: LanguageModel, layer: number, texts: readonly string[]): Promise<Float32Array[]> {
  const prompts = await Promise.all(texts.map(async (t) => (await model.applyChatTemplate([{ role: "user", content: t }])).text));
  const reads = await model.forward(prompts, { layers: [layer], positions: "last" });
  return reads.map((r) => r.layers.get(layer)!);
}

export async function readLabelledTexts(
  model: LanguageModel,
  reader: EmotionReader,
  items: readonly LabelledText[],
  position: TextReadingResult["position"],
  source: string,
): Promise<TextReadingResult> {
  const emotions = [...new Set(items.map((i) => i.emotion))];
  const missing = emotions.filter((e) => !reader.emotions.includes(e));
  if (missing.length)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `${source} has texts for ${missing.join(", ")}, which the vector set lacks; it can only be scored against a set that has all of its emotions.`,
      { missing },
    );
  const tested = reader.select(emotions);
  const texts = items.map((i) => i.text);
  const states = position === "text-mean" ? await textMeans(model, reader.layer, texts) : await replyStartStates(model, reader.layer, texts);
  const rows = states.map((s) => readZ(tested.basis, s));
  const truth = items.map((i) => emotions.indexOf(i.emotion));
  const meanZ = emotions.map((_, t) => {
    const mine = rows.filter((_, i) => truth[i] === t);
    return emotions.map((__, j) => mine.reduce((a, r) => a + r[j]!, 0) / Math.max(1, mine.length));
  });
  return { source, position, emotions, n: items.length, meanZ, diagonal: accuracyResult(rows, truth, 1, null) };
}

/** A corpus file for the reading test: the extraction's corpus format, covering at least two emotions. */
export async function readCorpusFile(file: string): Promise<LabelledText[]> {
  const items = (await readCorpusStories(file)).map(({ emotion, text }) => ({ emotion, text }));
  if (new Set(items.map((i) => i.emotion)).size < 2)
    throw new InvalidInputError("INVALID_ARGUMENT", `Corpus ${file} covers only one emotion; a reading test needs at least two.`, { file });
  return items;
}
