/**
 * Renders a transcript exactly as the model sees it (its chat template, or "Role: content"
 * without one) and maps every token back to its message and character offsets.
 */
import type { Model } from "../engine/model.js";
import type { Transcript } from "./transcript.js";

export interface MessageSpan {
  role: string;
  /** [start, end): the message's part of the rendered text, template scaffolding before it included. */
  start: number;
  end: number;
  /** Where the message's own content begins (after its role header). */
  contentStart: number;
}

export interface RenderedTranscript {
  text: string;
  templated: boolean;
  messages: MessageSpan[];
}

export interface TokenSpan {
  token: number;
  text: string;
  start: number;
  end: number;
  message: number;
}

export function renderTranscript(model: Model, transcript: Transcript): RenderedTranscript {
  if (transcript.kind === "text") return { text: transcript.text, templated: false, messages: [{ role: "text", start: 0, end: transcript.text.length, contentStart: 0 }] };
  const full = model.applyChatTemplate(transcript.messages, { addGenerationPrompt: false });
  const spans: MessageSpan[] = [];
  let cursor = 0;
  transcript.messages.forEach((message, i) => {
    // Prefix renderings give exact boundaries when the template is prefix-stable; content search otherwise.
    let end = -1;
    try {
      const prefix = model.applyChatTemplate(transcript.messages.slice(0, i + 1), { addGenerationPrompt: false }).text;
      if (full.text.startsWith(prefix) && prefix.length >= cursor) end = prefix.length;
    } catch {
      // a template may refuse a partial conversation (e.g. one ending on a tool call)
    }
    const content = message.content.trim();
    const found = content ? full.text.indexOf(content, cursor) : -1;
    if (end < 0) end = found >= 0 ? found + content.length : cursor;
    if (i === transcript.messages.length - 1) end = full.text.length;
    const contentStart = found >= cursor && found < end ? found : cursor;
    spans.push({ role: message.role, start: cursor, end, contentStart });
    cursor = end;
  });
  return { text: full.text, templated: full.templated, messages: spans };
}

/** Character offset of every UTF-8 byte boundary in `text`. */
function byteToCharOffsets(text: string): Int32Array {
  const bytes = Buffer.byteLength(text, "utf8");
  const map = new Int32Array(bytes + 1);
  let b = 0;
  let c = 0;
  for (const ch of text) {
    const len = Buffer.byteLength(ch, "utf8");
    for (let k = 0; k < len; k++) map[b + k] = c;
    b += len;
    c += ch.length;
  }
  map[bytes] = text.length;
  return map;
}

function startsWithAt(haystack: Buffer, needle: Uint8Array, at: number): boolean {
  if (needle.length === 0 || at + needle.length > haystack.length) return false;
  for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

/**
 * Aligns tokens with the text they came from. Tokens that are not in the text (BOS added by
 * the tokenizer) get an empty span; SentencePiece's leading space at a text start is allowed.
 */
export function alignTokens(model: Model, text: string, tokens: Int32Array, messages: MessageSpan[]): TokenSpan[] {
  const bytes = Buffer.from(text, "utf8");
  const toChar = byteToCharOffsets(text);
  let cursor = 0;
  let message = 0;
  const spans: TokenSpan[] = [];
  for (const token of tokens) {
    const piece = model.tokenBytes(token, true);
    const start = cursor;
    if (startsWithAt(bytes, piece, cursor)) cursor += piece.length;
    else if (piece[0] === 0x20 && startsWithAt(bytes, piece.subarray(1), cursor)) cursor += piece.length - 1;
    const startChar = toChar[start]!;
    const endChar = toChar[cursor]!;
    while (message < messages.length - 1 && startChar >= messages[message]!.end) message++;
    spans.push({ token, text: Buffer.from(piece).toString("utf8"), start: startChar, end: endChar, message });
  }
  return spans;
}
