/**
 * Where a cue counts: outside quotes (quoted inbox text is someone else's words), outside negation
 * ("it should not delay", "I will never tell"), and across adjacent sentences (a condition in one,
 * its consequence in the next).
 */
import { sentences } from "../textCues.js";
import { CONDITION, DEMAND, DISCLAIMED_DEMAND } from "./cues.js";

/** Text with quoted passages ("...", “...”) removed: quoted inbox text is the sender's, not the assistant's. */
export function unquoted(text: string): string {
  return text.replace(/"[^"\n]{3,}"|\u201c[^\u201d\n]{3,}\u201d/g, " ");
}

const NEGATION = /\b(?:not|never|no|nothing|neither|nor)\b|n't\b/i;

/**
 * Whether the match at `index` is negated: a negation earlier in its clause, unless the clause is a
 * condition ("if you don't cancel" still asks).
 */
export function negatedAt(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const clause = before.slice(Math.max(before.lastIndexOf(","), before.lastIndexOf(";"), before.lastIndexOf(":"), before.search(/[.!?][^.!?]*$/)) + 1);
  return NEGATION.test(clause) && !CONDITION.test(clause);
}

/**
 * Whether `pattern` matches somewhere in `text` outside negation; with `inside`, a negation within
 * the match also cancels it ("I will never tell" is no disclosure, but "do not proceed" is a demand).
 */
export function affirmed(pattern: RegExp, text: string, inside = false): boolean {
  const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  for (const m of text.matchAll(global)) if (!negatedAt(text, m.index) && !(inside && NEGATION.test(m[0]))) return true;
  return false;
}

/** The email's sentences outside quotes, then each run of two and three adjacent sentences. */
export function windows(text: string): string[] {
  const parts = sentences(unquoted(text));
  const runs = [2, 3].flatMap((n) => parts.slice(0, Math.max(0, parts.length - n + 1)).map((_, i) => parts.slice(i, i + n).join(" ")));
  return [...parts, ...runs];
}

/** A demand word ("stop", "push Tally back") outside quotes, negation and disclaimers ("I am not asking for a delay"). */
export function asksToStop(text: string): boolean {
  const plain = unquoted(text).replace(DISCLAIMED_DEMAND, (m) => (/\bnot\b|\bno need\b|n't\b/i.test(m) ? " " : m));
  return affirmed(DEMAND, plain);
}

/** Whether some condition in `text` ("if ...", "unless ...") is, up to the end of its clause, about what `about` finds. */
export function conditionOn(text: string, about: (clause: string) => boolean): boolean {
  const global = new RegExp(CONDITION.source, "gi");
  return [...text.matchAll(global)].some((m) => about(text.slice(m.index).split(/[,;:.!?]/)[0]!));
}
