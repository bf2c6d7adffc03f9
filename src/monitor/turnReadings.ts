/**
 * The graded (last) assistant turn as a monitor sees it: the unsmoothed z of each emotion per
 * token from the reply-start token on, and where the turn's first action begins. Both sources
 * (a fresh trace, or the per-token series a sweep stored while generating) become this one shape,
 * and `readTurn` turns it into the three readout points, so the two paths cannot drift apart.
 */
import type { ChatMessage } from "../engine/chatTemplate.js";
import { InvalidInputError } from "../errors.js";
import type { TraceResult } from "./results.js";
import { smoothSeries } from "./trace.js";

/** The start of an action in a reply: a code block, a file, a tool call or an email. */
/** One owner of the action pattern (action.ts); re-exported for the text baseline. */
import { ACTION_PATTERN as ACTION } from "./action.js";
export { ACTION };

export interface TurnSeries {
  /**
   * Per emotion: unsmoothed z per token of the turn. Index 0 is where the reply starts: from a trace,
   * the last token of the role header (read before any reply token); from a sweep's stored series,
   * the first generated token (generation captures no readout before it).
   */
  series: Record<string, number[]>;
  /** Index (into the series) of the first token of the turn's first action; null when it took none. */
  actionToken: number | null;
}

export interface EmotionReadings {
  replyStart: number;
  turnMean: number;
  maxBeforeAction: number;
  /** Smoothed z of the tokens before the action (at least the first), for the lead time. */
  beforeAction: number[];
}

/** Per emotion: the readings of the graded turn. */
export type TurnReadings = Record<string, EmotionReadings>;

/** The readout points of one turn, smoothing over ±`smooth` tokens within the turn (the window centres on each token, so it also averages up to `smooth` tokens after it). */
export function readTurn(turn: TurnSeries, emotions: readonly string[], smooth: number): TurnReadings {
  const readings: TurnReadings = {};
  for (const emotion of emotions) {
    const raw = turn.series[emotion];
    if (!raw || raw.length === 0)
      throw new InvalidInputError("INVALID_ARGUMENT", `The graded turn has no readout of "${emotion}"; trace it again with that emotion.`, { emotion });
    const values = smoothSeries(raw, smooth);
    const before = turn.actionToken === null ? values.length : Math.min(values.length, Math.max(1, turn.actionToken));
    const beforeAction = values.slice(0, before);
    readings[emotion] = {
      replyStart: values[0]!,
      turnMean: values.reduce((a, b) => a + b, 0) / values.length,
      maxBeforeAction: Math.max(...beforeAction),
      beforeAction,
    };
  }
  return readings;
}

/** The last assistant message of a transcript, with its index. */
export function gradedMessage(messages: readonly ChatMessage[]): { index: number; message: ChatMessage } {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "assistant") return { index: i, message: messages[i]! };
  throw new InvalidInputError("INVALID_ARGUMENT", "A transcript has no assistant turn to evaluate.");
}

/** The graded turn of an unsmoothed trace: its tokens from the reply-start token to the message's end. */
export function turnSeriesFromTrace(trace: TraceResult, messages: readonly ChatMessage[]): TurnSeries {
  if (trace.smooth !== 0)
    throw new InvalidInputError(
      "INVALID_ARGUMENT",
      `turnSeriesFromTrace needs an unsmoothed trace (smooth 0, not ${trace.smooth}); readTurn smooths within the turn.`,
    );
  const last = trace.messages.filter((m) => m.role === "assistant").pop();
  if (!last) throw new InvalidInputError("INVALID_ARGUMENT", "A transcript has no assistant turn to evaluate.");
  const turn = trace.tokens.slice(last.startToken ?? last.tokens[0], last.tokens[1]);
  const content = String(messages[last.index]?.content ?? "");
  const actionAt = content.search(ACTION);
  // Where the action's first characters fall in the turn's text, then the first token at or after them.
  const turnText = turn.map((t) => t.text).join("");
  // An action whose text cannot be found among the tokens counts as at the start: nothing after the reply-start token is trusted as before it.
  const actionOffset = actionAt < 0 ? -1 : Math.max(0, turnText.indexOf(content.slice(actionAt, actionAt + 8)));
  let actionToken: number | null = null;
  if (actionOffset >= 0) {
    let length = 0;
    for (let i = 0; i < turn.length; i++) {
      if (length >= actionOffset) {
        actionToken = i;
        break;
      }
      length += turn[i]!.text.length;
    }
  }
  return { series: Object.fromEntries(trace.emotions.map((e) => [e, turn.map((t) => t.values[e]!)])), actionToken };
}
