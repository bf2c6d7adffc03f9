/**
 * Maps tokens back to the characters of the text they were made from, so a reader can tell
 * which tokens spell which words (message boundaries in a transcript, an emotion word in a story).
 */
import type { TokenByteSource } from "./tokenByteSource.js";

export interface TokenCharSpan {
  token: number;
  /** The token's own text. */
  text: string;
  /** [start, end) in the source text's characters; empty for tokens not in it (BOS). */
  start: number;
  end: number;
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
export function tokenCharSpans(model: TokenByteSource, text: string, tokens: ArrayLike<number>): TokenCharSpan[] {
  const bytes = Buffer.from(text, "utf8");
  const toChar = byteToCharOffsets(text);
  let cursor = 0;
  const spans: TokenCharSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const piece = model.tokenBytes(token, true);
    const start = cursor;
    if (startsWithAt(bytes, piece, cursor)) cursor += piece.length;
    else if (piece[0] === 0x20 && startsWithAt(bytes, piece.subarray(1), cursor)) cursor += piece.length - 1;
    spans.push({ token, text: Buffer.from(piece).toString("utf8"), start: toChar[start]!, end: toChar[cursor]! });
  }
  return spans;
}
