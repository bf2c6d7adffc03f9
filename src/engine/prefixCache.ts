/**
 * Which sequence of a continuous batch still holds which conversation in its KV cache. A
 * multi-turn caller (a sweep's episode, a chat) resends its whole conversation every turn; a
 * generation that names a `cacheKey` goes back to the sequence that served the key last and
 * reads only the prompt past the prefix both share, as llama.cpp's server does with
 * `cache_prompt`. A prefix is reused only under the same steering (the cached rows were
 * computed with it); anything else clears the sequence first.
 */

export interface CachedConversation {
  key: string;
  /** Steering and steerFrom the rows were computed with (the request's grouping key). */
  steeringKey: string;
  /** Tokens whose rows the sequence holds, position by position from 0. */
  tokens: readonly number[];
  lastUsed: number;
}

export interface CacheRequest {
  prompt: Int32Array;
  cacheKey?: string;
  steeringKey: string;
}

export class PrefixCache {
  private readonly entries: (CachedConversation | null)[];
  private clock = 0;

  constructor(sequences: number) {
    this.entries = new Array<CachedConversation | null>(sequences).fill(null);
  }

  get size(): number {
    return this.entries.filter((e) => e !== null).length;
  }

  /**
   * The free sequence a request should take: the one that holds its conversation, else an empty
   * one, else the one used least recently (its conversation is the cheapest to lose).
   */
  choose(free: readonly number[], request: CacheRequest): number {
    if (request.cacheKey !== undefined) {
      const own = free.find((seq) => this.entries[seq]?.key === request.cacheKey);
      if (own !== undefined) return own;
    }
    const empty = free.find((seq) => this.entries[seq] === null);
    if (empty !== undefined) return empty;
    return free.reduce((best, seq) => (this.entries[seq]!.lastUsed < this.entries[best]!.lastUsed ? seq : best));
  }

  /** Prompt tokens the sequence already holds for this request (at most all but the last, which is decoded to sample). */
  reusable(seq: number, request: CacheRequest): number {
    const entry = this.entries[seq];
    if (!entry || request.cacheKey === undefined || entry.key !== request.cacheKey || entry.steeringKey !== request.steeringKey) return 0;
    const limit = Math.min(entry.tokens.length, request.prompt.length - 1);
    let shared = 0;
    while (shared < limit && entry.tokens[shared] === request.prompt[shared]) shared++;
    return shared;
  }

  /** The sequence now holds these rows for this key. */
  keep(seq: number, key: string, steeringKey: string, tokens: readonly number[]): void {
    this.entries[seq] = { key, steeringKey, tokens, lastUsed: this.clock++ };
  }

  /** The sequence holds nothing reusable (taken by another request, or cleared). */
  drop(seq: number): void {
    this.entries[seq] = null;
  }

  /** Lets go of a conversation that will not continue. */
  forget(key: string): void {
    this.entries.forEach((entry, seq) => {
      if (entry?.key === key) this.entries[seq] = null;
    });
  }
}
