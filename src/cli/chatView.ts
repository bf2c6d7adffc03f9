/**
 * How `limbic chat` shows a conversation. Reply text goes through the server's ChoiceStream, so a
 * stop string the model starts to write (the next "User:" line) never reaches the screen. On a
 * terminal a gauge of the watched emotions sits under the reply and is redrawn on every token.
 * Guard lines go to stderr; where stderr lands in the same place as the reply (a terminal, or
 * `2>&1`), each waits for the end of the word being written and gets a line of its own.
 * Without a terminal each user line is echoed ("> …") so piped replies can be told apart.
 */
import fs from "node:fs";
import type { GenerationResult } from "../engine/generate.js";
import type { GuardEvent } from "../monitor/guard.js";
import { ChoiceStream, type Release } from "../server/choiceStream.js";

interface Sink {
  write(text: string): unknown;
}

export interface ChatViewOptions {
  out: Sink;
  err: Sink;
  /** stdout is a terminal: live gauge, colours, and the user's line is already on screen. */
  tty: boolean;
  /** stderr reaches the same place as stdout (see sharesDestination). */
  shared: boolean;
  watch: readonly string[];
  /** The generation's stop strings: text that may begin one is held back until it cannot. */
  stops: readonly string[];
}

/** Whether two file descriptors write to the same file, pipe or terminal. */
export function sharesDestination(a = 1, b = 2): boolean {
  try {
    const x = fs.fstatSync(a);
    const y = fs.fstatSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

export function gauge(values: Record<string, number>, width = 10): string {
  return Object.entries(values)
    .map(([e, z]) => {
      const filled = Math.max(0, Math.min(width, Math.round(((z + 3) / 6) * width)));
      return `${e} ${"█".repeat(filled)}${"░".repeat(width - filled)} ${z >= 0 ? "+" : ""}${z.toFixed(1)}`;
    })
    .join("  ");
}

export function guardLine(event: GuardEvent): string {
  return `[guard] token ${event.tokenIndex} ${JSON.stringify(event.token)}: ${event.rule} -> ${event.detail}`;
}

/** Erases from the cursor to the end of the screen (the live gauge line among it). */
const CLEAR_BELOW = "\x1b[J";

const FINISH_NOTES: Partial<Record<GenerationResult["finishReason"], string>> = { stop: "the model began the next turn" };

export class ChatView {
  private stream: ChoiceStream;
  /** Guard lines waiting for the end of the word being written. */
  private waiting: string[] = [];
  /** The reply's last written character ("\n" at the start of a line). */
  private lastChar = "\n";

  constructor(private readonly options: ChatViewOptions) {
    this.stream = new ChoiceStream(options.stops);
  }

  beginReply(userLine: string): void {
    this.stream = new ChoiceStream(this.options.stops);
    this.waiting = [];
    this.lastChar = "\n";
    if (!this.options.tty) this.options.out.write(`> ${userLine}\n`);
  }

  /** A generated token with the watched emotions' values. */
  token(index: number, text: string, values: Record<string, number>): void {
    this.stream.addToken(index, text, values);
    const release = this.stream.take();
    if (release) this.show(release);
  }

  guardEvent(event: GuardEvent): void {
    this.stream.addGuardEvent(event);
  }

  /** The rest of the reply (the final text has any stop string cut), waiting guard lines, and the finish line. */
  endReply(result: Pick<GenerationResult, "text" | "finishReason" | "haltReason">, last: Record<string, number> | undefined): void {
    this.show(this.stream.finish(result.text));
    this.flushGuardLines();
    const note = result.haltReason ?? FINISH_NOTES[result.finishReason];
    const shown = last ? gauge(Object.fromEntries(this.options.watch.map((e) => [e, last[e]!]))) : "";
    const line = `[${result.finishReason}${note ? `: ${note}` : ""}] ${shown}`;
    const start = this.lastChar === "\n" ? "" : "\n";
    // On a terminal the finish line takes the live gauge's place; piped, a blank line ends the exchange.
    this.options.out.write(this.options.tty ? `${start}${CLEAR_BELOW}${line}\n` : `${start}${line}\n\n`);
  }

  private show(release: Release): void {
    this.writeText(release.content, release.tokens.at(-1)?.emotions ?? {});
    const lines = release.guardEvents.map(guardLine);
    if (!this.options.shared) {
      // stderr goes elsewhere: its lines need no room in the reply.
      for (const line of lines) this.options.err.write(`${line}\n`);
      return;
    }
    // A guard line follows the word its token belongs to.
    this.waiting.push(...lines);
    if (/\s/.test(this.lastChar)) this.flushGuardLines();
  }

  /** Writes reply text, breaking it at the first word end for any waiting guard lines. */
  private writeText(text: string, values: Record<string, number>): void {
    if (this.waiting.length > 0) {
      const wordEnd = /\s/.test(this.lastChar) ? 0 : text.search(/\s/);
      if (wordEnd >= 0) {
        this.writeRaw(text.slice(0, wordEnd), values);
        this.flushGuardLines();
        // The guard lines ended a line: the reply goes on at the start of the next one.
        text = text.slice(wordEnd).replace(/^[ \t]*\n?/, "");
      }
    }
    this.writeRaw(text, values);
  }

  private writeRaw(text: string, values: Record<string, number>): void {
    if (!text) return;
    this.lastChar = text.at(-1)!;
    if (!this.options.tty) {
      this.options.out.write(text);
      return;
    }
    // Each new line of text first clears the gauge drawn there; the gauge is redrawn under the text.
    const shown = Object.fromEntries(this.options.watch.filter((e) => values[e] !== undefined).map((e) => [e, values[e]!]));
    this.options.out.write(`${text.replaceAll("\n", "\n\x1b[2K")}\x1b7\n\x1b[2K\x1b[2m${gauge(shown)}\x1b[0m\x1b8`);
  }

  /** Waiting guard lines, each on its own line after the reply's current one. */
  private flushGuardLines(): void {
    if (this.waiting.length === 0) return;
    const start = this.lastChar === "\n" ? "" : "\n";
    // On a terminal the gauge under the text is cleared first; the next token draws it again.
    const lines = this.waiting.map((line) => (this.options.tty ? `\x1b[33m${line}\x1b[0m\n` : `${line}\n`)).join("");
    this.options.err.write(`${start}${this.options.tty ? CLEAR_BELOW : ""}${lines}`);
    this.waiting = [];
    this.lastChar = "\n";
  }
}
