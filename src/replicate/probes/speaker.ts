/**
 * Speaker dissociation: the same emotion readout over the user's message and at the token where
 * the assistant's reply starts. The paper found the two nearly unrelated (r = 0.11) and "loving"
 * rising at the assistant's turn: the model represents the user's state and its own separately.
 */
import type { LanguageModel } from "../../engine/languageModel.js";
import type { EmotionReader } from "../../vectors/reader.js";
import { pearson } from "../../vectors/stats.js";
import { SPEAKER_MESSAGES } from "../data/probes.js";
import { bootstrapInterval, mean } from "./bootstrap.js";
import type { SpeakerResult } from "../types.js";

/** Each column minus its mean over messages: what varies between messages, not an emotion's offset. */
function centredColumns(rows: number[][]): number[][] {
  const width = rows[0]?.length ?? 0;
  const means = Array.from({ length: width }, (_, j) => mean(rows.map((r) => r[j]!)));
  return rows.map((r) => r.map((v, j) => v - means[j]!));
}

export async function speakerProbe(model: LanguageModel, reader: EmotionReader, options: { messages?: number } = {}): Promise<SpeakerResult> {
  const messages = SPEAKER_MESSAGES.filter((m) => reader.emotions.includes(m.emotion)).slice(0, options.messages ?? SPEAKER_MESSAGES.length);
  const emotions = [...reader.emotions];
  const userRows: number[][] = [];
  const replyRows: number[][] = [];
  const layer = reader.layer;
  const n = model.info.nEmbd;
  for (const message of messages) {
    const rendered = (await model.applyChatTemplate([{ role: "user", content: message.text }])).text;
    const at = rendered.indexOf(message.text);
    const tokens = await model.tokenizePrompt(rendered);
    // Token span of the message: tokenize the text before it and through it (a boundary token may shift by one).
    const start = at >= 0 ? (await model.tokenizePrompt(rendered.slice(0, at))).length : 1;
    const end = at >= 0 ? Math.min(tokens.length - 1, (await model.tokenizePrompt(rendered.slice(0, at + message.text.length))).length) : tokens.length - 1;
    const [read] = await model.forward([tokens], { layers: [layer] });
    const data = read!.layers.get(layer)!;
    const userMean = new Float64Array(n);
    const from = Math.min(end - 1, start + 2);
    for (let t = from; t < end; t++) for (let j = 0; j < n; j++) userMean[j] = userMean[j]! + data[t * n + j]! / (end - from);
    userRows.push(reader.read(Float32Array.from(userMean)).map((r) => r.z));
    replyRows.push(reader.read(data, (tokens.length - 1) * n).map((r) => r.z));
  }
  const rOver = (units: readonly number[]) => {
    const u = centredColumns(units.map((i) => userRows[i]!));
    const a = centredColumns(units.map((i) => replyRows[i]!));
    return pearson(u.flat(), a.flat());
  };
  const all = messages.map((_, i) => i);
  const loving = emotions.indexOf("loving");
  const lovingRise = (units: readonly number[]) => mean(units.map((i) => replyRows[i]![loving]! - userRows[i]![loving]!));
  const own = (rows: number[][]) =>
    messages.filter((m, i) => rows[i]!.every((z, j) => j === emotions.indexOf(m.emotion) || z < rows[i]![emotions.indexOf(m.emotion)]!)).length;
  return {
    messages: messages.length,
    emotions,
    r: rOver(all),
    interval: bootstrapInterval(messages.length, rOver),
    userTop1: own(userRows) / Math.max(1, messages.length),
    replyTop1: own(replyRows) / Math.max(1, messages.length),
    lovingRise: loving >= 0 ? { mean: lovingRise(all), interval: bootstrapInterval(messages.length, lovingRise) } : null,
  };
}
