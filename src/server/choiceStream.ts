/**
 * What one choice sends out as it generates: content, per-token telemetry and guard events,
 * released together. Stop strings must never reach the client, so tokens that might begin
 * one are held back until the text rules it out, and at the end the final text (stop cut)
 * decides what is left. Released token texts always concatenate to the released content.
 */
import type { GuardEvent } from "../monitor/guard.js";
import type { TelemetryToken } from "./wire.js";

export type { TelemetryToken } from "./wire.js";

export interface Release {
  content: string;
  tokens: TelemetryToken[];
  guardEvents: GuardEvent[];
}

interface PendingToken extends TelemetryToken {
  index: number;
}

export class ChoiceStream {
  private pending: PendingToken[] = [];
  private pendingEvents: GuardEvent[] = [];
  /** Released content and the text of the held tokens after it. */
  private released = "";
  private held = "";
  private readonly longestStop: number;

  constructor(private readonly stops: readonly string[]) {
    this.longestStop = Math.max(0, ...stops.map((s) => s.length));
  }

  /** A generated token; `emotions` only when the request reads some. */
  addToken(index: number, text: string, emotions?: Record<string, number>): void {
    this.pending.push({ index, text, ...(emotions ? { emotions } : {}) });
    this.held += text;
  }

  addGuardEvent(event: GuardEvent): void {
    this.pendingEvents.push(event);
  }

  /**
   * Length of the longest end of the held text that is the start of a stop string (it may yet
   * become one). Released text never needs looking at: a stop starting there would have made
   * its end part of an earlier hold.
   */
  private possibleStopLength(): number {
    if (this.longestStop <= 1 || this.held.length === 0) return 0;
    const tail = this.held.slice(-(this.longestStop - 1));
    let longest = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, tail.length); n > longest; n--) {
        if (tail.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }

  /** Where the held text stops being safe to send: at a complete stop string (the generation ends there) or a possible one. */
  private safeLength(): number {
    let safe = this.held.length - this.possibleStopLength();
    for (const stop of this.stops) {
      const at = this.held.indexOf(stop);
      if (at >= 0 && at < safe) safe = at;
    }
    return safe;
  }

  /** Everything that can go out now (null when nothing can). */
  take(): Release | null {
    const safe = this.safeLength();
    let end = 0;
    let count = 0;
    while (count < this.pending.length && end + this.pending[count]!.text.length <= safe) end += this.pending[count++]!.text.length;
    // A token with no text yet holds part of a character: it goes out with the token that completes it.
    while (count > 0 && this.pending[count - 1]!.text === "") count--;
    if (count === 0 && this.pendingEvents.length === 0) return null;
    const tokens = this.pending.splice(0, count);
    const lastIndex = tokens.length ? tokens[tokens.length - 1]!.index : -1;
    const events = this.pendingEvents.filter((e) => e.tokenIndex <= lastIndex || !this.pending.some((t) => t.index <= e.tokenIndex));
    this.pendingEvents = this.pendingEvents.filter((e) => !events.includes(e));
    const content = this.held.slice(0, end);
    this.held = this.held.slice(end);
    this.released += content;
    if (tokens.length === 0 && events.length === 0) return null;
    return { content, tokens: tokens.map(({ index: _index, ...token }) => token), guardEvents: events };
  }

  /** The rest, given the generation's final text: held tokens inside it go out (cut where it ends), the rest was a stop string. */
  finish(finalText: string): Release {
    let cursor = this.released.length;
    const tokens: TelemetryToken[] = [];
    for (const token of this.pending) {
      if (cursor >= finalText.length && token.text !== "") break;
      tokens.push({ text: finalText.slice(cursor, cursor + token.text.length), ...(token.emotions ? { emotions: token.emotions } : {}) });
      cursor += token.text.length;
    }
    // The decoder's flush of an unfinished character belongs to the last token.
    if (cursor < finalText.length && tokens.length) tokens[tokens.length - 1]!.text += finalText.slice(cursor);
    const content = finalText.slice(this.released.length);
    this.released = finalText;
    this.pending = [];
    this.held = "";
    const events = this.pendingEvents;
    this.pendingEvents = [];
    return { content, tokens, guardEvents: events };
  }
}
