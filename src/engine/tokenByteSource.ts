/**
 * A synchronous view of token bytes. Text alignment (tokenCharSpans, keptRows) walks tokens one
 * by one; on the vLLM backend a token's bytes may need a request, so callers fetch the distinct
 * tokens once, up front, and align against the result.
 */
import type { LanguageModel } from "./languageModel.js";

export interface TokenByteSource {
  tokenBytes(token: number, renderSpecial?: boolean): Uint8Array;
}

/** The bytes of every distinct token in `tokens`, rendered as special-token text where special. */
export async function fetchTokenBytes(model: Pick<LanguageModel, "tokenBytes">, tokens: ArrayLike<number>): Promise<TokenByteSource> {
  const distinct = [...new Set(Array.from(tokens))];
  const pieces = await Promise.all(distinct.map((token) => model.tokenBytes(token, true)));
  const byToken = new Map(distinct.map((token, i) => [token, pieces[i]!]));
  return {
    tokenBytes(token: number): Uint8Array {
      const piece = byToken.get(token);
      if (!piece) throw new Error(`token ${token} was not fetched`);
      return piece;
    },
  };
}
