/**
 * Token bytes on vLLM. The server has no "bytes of token id" endpoint, so the bytes come from
 * the raw vocabulary pieces `/tokenize` returns beside the ids (SentencePiece "▁word" and
 * "<0xE2>" byte pieces, or GPT-2 byte-level "Ġword"), decoded here exactly; ids never seen
 * in a tokenization fall back to `/detokenize` of the single id, which is exact except for a
 * lone byte of a multi-byte character (then U+FFFD, as llama.cpp's tokenText is too).
 */
export type PieceStyle = "sentencepiece" | "byte-level" | "unknown";

const bytePiece = /^<0x([0-9A-Fa-f]{2})>$/;

let unicodeToByte: Map<string, number> | null = null;

/** GPT-2's byte-to-unicode table, reversed: printable bytes map to themselves, the rest to U+0100 onward. */
function byteLevelTable(): Map<string, number> {
  if (unicodeToByte) return unicodeToByte;
  const printable = new Set<number>();
  for (let b = 33; b <= 126; b++) printable.add(b);
  for (let b = 161; b <= 172; b++) printable.add(b);
  for (let b = 174; b <= 255; b++) printable.add(b);
  unicodeToByte = new Map();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.has(b)) unicodeToByte.set(String.fromCharCode(b), b);
    else unicodeToByte.set(String.fromCharCode(256 + extra++), b);
  }
  return unicodeToByte;
}

/** The bytes a raw vocabulary piece stands for, or null when the style cannot say. */
export function pieceBytes(piece: string, style: PieceStyle): Uint8Array | null {
  if (style === "sentencepiece") {
    const byte = bytePiece.exec(piece);
    if (byte) return Uint8Array.of(parseInt(byte[1]!, 16));
    return new Uint8Array(Buffer.from(piece.replaceAll("\u2581", " "), "utf8"));
  }
  if (style === "byte-level") {
    const table = byteLevelTable();
    const out = new Uint8Array(piece.length);
    let n = 0;
    for (const char of piece) {
      const b = table.get(char);
      if (b === undefined) return null;
      out[n++] = b;
    }
    return out.subarray(0, n);
  }
  return null;
}

/** Guesses the vocabulary's style from the pieces of a text with spaces. */
export function detectPieceStyle(pieces: readonly string[]): PieceStyle {
  if (pieces.some((p) => p.includes("\u2581"))) return "sentencepiece";
  if (pieces.some((p) => p.includes("\u0120"))) return "byte-level";
  return "unknown";
}

export class TokenPieces {
  private readonly bytes = new Map<number, Uint8Array>();

  constructor(
    readonly style: PieceStyle,
    /** Added (control) tokens: id -> text. Rendered only when asked, as llama.cpp does. */
    readonly special: ReadonlyMap<number, string>,
    private readonly detokenizeOne: (id: number) => Promise<string>,
  ) {}

  /** Records the bytes of pieces that came back from a tokenization. */
  learn(tokens: readonly number[], pieces: readonly string[] | null): void {
    if (!pieces) return;
    tokens.forEach((id, i) => {
      if (this.bytes.has(id) || this.special.has(id)) return;
      const b = pieceBytes(pieces[i]!, this.style);
      if (b) this.bytes.set(id, b);
    });
  }

  /** Bytes of each token (fetching unknown ones, a few at a time); special tokens as text when renderSpecial. */
  async resolve(tokens: readonly number[], renderSpecial: boolean): Promise<Uint8Array[]> {
    const missing = [...new Set(tokens.filter((t) => !this.special.has(t) && !this.bytes.has(t)))];
    await Promise.all(
      missing.map(async (id) => {
        this.bytes.set(id, new Uint8Array(Buffer.from(await this.detokenizeOne(id), "utf8")));
      }),
    );
    return tokens.map((t) => {
      const special = this.special.get(t);
      if (special !== undefined) return renderSpecial ? new Uint8Array(Buffer.from(special, "utf8")) : new Uint8Array(0);
      return this.bytes.get(t)!;
    });
  }
}
