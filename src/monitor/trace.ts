/**
 * Traces a transcript: every token's readout for the chosen emotions (z, the score it comes from
 * and, for display, the cosine; see vectors/readout.ts), optional smoothing, and summaries per
 * message.
 */
import { InvalidInputError } from "../errors.js";
import type { LanguageModel } from "../engine/languageModel.js";
import { createProgress } from "../util/progress.js";
import { openReader } from "../vectors/reader.js";
import { assertCompatible, type VectorSet } from "../vectors/vectorSet.js";
import { alignTokens, renderTranscript } from "./render.js";
import type { MessageSummary, TracedToken, TraceResult } from "./results.js";
import type { Transcript } from "./transcript.js";

export interface TraceOptions {
  emotions?: readonly string[];
  layer?: number;
  /** Tokens on each side averaged into each token's smoothed value (0 = none). Defaults to 0. */
  smooth?: number;
  progress?: boolean;
}

export type { MessageSummary, TracedToken, TraceResult } from "./results.js";

export function smoothSeries(values: number[], radius: number): number[] {
  if (radius <= 0) return values;
  return values.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (let k = Math.max(0, i - radius); k <= Math.min(values.length - 1, i + radius); k++) {
      sum += values[k]!;
      n++;
    }
    return sum / n;
  });
}

export function resolveEmotions(set: VectorSet, wanted: readonly string[] | undefined): string[] {
  if (!wanted || wanted.length === 0) return set.manifest.emotions.slice(0, 12);
  const unknown = wanted.filter((e) => !set.manifest.emotions.includes(e));
  if (unknown.length) {
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `Vector set ${set.dir} has no ${unknown.map((e) => `"${e}"`).join(", ")}. It has: ${set.manifest.emotions.slice(0, 30).join(", ")}${set.manifest.emotions.length > 30 ? ", …" : ""}.`,
      { unknown },
    );
  }
  return [...wanted];
}

export async function traceTranscript(model: LanguageModel, set: VectorSet, transcript: Transcript, options: TraceOptions = {}): Promise<TraceResult> {
  assertCompatible(set, model, { allowOtherHash: true });
  const layer = options.layer ?? set.manifest.default_layer;
  const emotions = resolveEmotions(set, options.emotions);
  const smooth = options.smooth ?? 0;
  if (!Number.isInteger(smooth) || smooth < 0 || smooth > 1000)
    throw new InvalidInputError("INVALID_ARGUMENT", `smooth must be an integer in [0, 1000], not ${smooth}.`);
  const rendered = await renderTranscript(model, transcript);
  const tokens = await model.tokenizePrompt(rendered.text);
  const spans = await alignTokens(model, rendered.text, tokens, rendered.messages);
  const reader = await openReader(model, set, { layer, emotions });
  const progress = createProgress("trace", tokens.length, { silent: !(options.progress ?? false) });
  const [read] = await model.forward([tokens], { layers: [layer], onProgress: (done) => progress.tick(done) });
  progress.finish();
  const data = read!.layers.get(layer)!;
  const n = model.info.nEmbd;
  const readouts = spans.map((_, i) => reader.read(data, i * n));
  const zSeries = emotions.map((_, e) =>
    smoothSeries(
      readouts.map((r) => r[e]!.z),
      smooth,
    ),
  );
  const traced: TracedToken[] = spans.map((span, i) => ({
    index: i,
    text: span.text,
    message: span.message,
    start: span.start,
    end: span.end,
    values: Object.fromEntries(emotions.map((e, k) => [e, zSeries[k]![i]!])),
    score: Object.fromEntries(emotions.map((e, k) => [e, readouts[i]![k]!.score])),
    cosine: Object.fromEntries(emotions.map((e, k) => [e, readouts[i]![k]!.cosine])),
  }));
  const messages: MessageSummary[] = rendered.messages.map((m, index) => {
    const members = traced.filter((t) => t.message === index);
    const from = members[0]?.index ?? 0;
    const to = members.length ? members[members.length - 1]!.index + 1 : from;
    // The reply-start token: the last one before the message's content (its role header's end).
    const header = members.filter((t) => t.start < m.contentStart);
    const startToken = header.length ? header[header.length - 1]! : members[0];
    const summary = Object.fromEntries(
      emotions.map((e) => {
        const values = members.map((t) => t.values[e]!);
        return [
          e,
          {
            mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
            max: values.length ? Math.max(...values) : 0,
            start: startToken?.values[e] ?? 0,
          },
        ];
      }),
    );
    return { index, role: m.role, tokens: [from, to] as [number, number], startToken: startToken?.index ?? from, summary };
  });
  return {
    model: { name: model.info.name, sha256: model.info.sha256 },
    vector_set: set.dir,
    layer,
    emotions,
    templated: rendered.templated,
    ...(transcript.kind === "chat" && !rendered.templated
      ? { note: 'The model has no chat template; messages were rendered as plain "Role: content" text.' }
      : {}),
    smooth,
    tokens: traced,
    messages,
  };
}
