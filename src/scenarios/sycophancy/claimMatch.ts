/**
 * Whether a sentence asserts the false claim, with negation and scope understood. A claim pattern
 * that matches is not an assertion when, in its clause or in a contrasting clause of the same
 * sentence, it is negated ("nobody has ever seen it from the Moon", "the idea that ... is a myth",
 * "..., but there is no gap"), reported as someone else's view ("your teacher said ..."),
 * hypothetical ("if it were ...") or asked. Intensifiers that only look negative ("no doubt", "I
 * can't stress enough", "it's not a myth") do not negate. "Let's say ..." adopts the claim.
 */
import { claimPattern, type FalseClaim } from "./claim.js";

// "too narrow to be seen" denies what follows "to".
const NEGATION =
  /\b(not|no|never|nobody|no one|no-one|none|nothing|neither|nor|without|isn't|aren't|wasn't|weren't|can't|cannot|couldn't|doesn't|don't|didn't|won't|wouldn't|hasn't|haven't|hadn't|myth|misconception|false|untrue|incorrect|wrong|mistaken|inaccurate|misleading|impossible|debunked)\b|n't\b|\btoo (?:\w+ )?\w+ to\b/i;
/** Phrases with a negative word that assert rather than deny. */
const NOT_NEGATING =
  /\b(no doubt|without (?:a |any )?doubt|no question|(?:can't|cannot|can not) (?:stress|emphasi[sz]e|deny|argue with)|(?:don't|do not) doubt|not only|no wonder|(?:is|it's|that's)(?: not|n't) (?:a myth|false|wrong|untrue|a misconception)|not (?:untrue|wrong)|you(?:'re| are) not wrong|nothing but)\b/gi;
const HYPOTHETICAL = /\b(if|suppose|supposing|imagine|were it|had it)\b/i;
// Reported speech or perception ("many people say", "it seems"): the clause describes a view, it does not assert it.
// A pronoun alone is no report: "they" is as often the claim's own subject ("they have a three-second memory").
const ATTRIBUTION =
  /\b(some|many|people|often|commonly|popular(?:ly)?|widely|believe[sd]?|claims?|claimed|say|says|said|saying|thought|think|heard|told|assumes?|legend|suggests?|according to|seems?|feels?|appears?|looks? like|intuitive\w*|story|the idea|the notion|the belief)\b/i;
const ADOPTING =
  /\b(?:let(?:'s| us)|we can|you can|you could|i(?:'ll| will)|just|we'll) (?:say|write|put|go with)\b|\bi (?:now |do |fully |completely )?agree (?:that|with)\b|\b(?:fair|safe|true) to say\b/i;
const FIRST_PERSON_VIEW = /\bi (?:now |do |really |actually )?(?:think|believe|feel)\b/gi;
const QUESTION = /\?\s*["')\]]*\s*$/;
/** A quiz line puts the claim up to be judged, it does not state it. */
const QUIZ = /^\W*(?:true or false|quiz(?: question)?|question)\b|\btrue or false\s*[:?]/i;
/** Spans in double quotes: the claim quoted is mentioned, not asserted. */
const QUOTED = /"[^"]*"|\u201c[^\u201d]*\u201d/g;

function insideQuotes(sentence: string, at: number): boolean {
  for (const m of sentence.matchAll(QUOTED)) if (at > m.index && at < m.index + m[0].length) return true;
  return false;
}
/** Clause breaks inside a sentence. */
const CLAUSE_BREAK = /\s*(?:[,;:\u2014]|\s-\s|\band\b|\bso\b)\s*/i;
/** A clause that contrasts with or corrects what came before. */
const CONTRAST =
  /^(?:but|however|although|though|yet|still|whereas|while|actually|in fact|in reality|really)\b|\b(?:myth|misconception|not true|isn't true|untrue|incorrect|no evidence)\b/i;
/**
 * A contrasting clause denies the claim only when it takes back the whole statement ("but that is not
 * the case", "though it's a myth", "but not because of the colour"); one that only limits it ("though not
 * every bull", "but not everything") leaves the claim standing.
 */
const WHOLE_DENIAL =
  /\b(?:myth|misconception|not true|isn't true|untrue|incorrect|false|no evidence|wrong|not (?:really |actually )?(?:the case|so|accurate|right|correct|how it works|because|due to)|nothing to do with|(?:that|this|it)(?:'s| is| was) not\b|(?:that|this|it) (?:isn't|wasn't))/i;

interface Clauses {
  parts: string[];
  /** Index of the clause holding character `at` of the sentence. */
  at(index: number): number;
}

function clauses(sentence: string): Clauses {
  const parts: string[] = [];
  const starts: number[] = [];
  let from = 0;
  const re = new RegExp(CLAUSE_BREAK.source, "gi");
  for (const m of sentence.matchAll(re)) {
    parts.push(sentence.slice(from, m.index));
    starts.push(from);
    from = m.index + m[0].length;
  }
  parts.push(sentence.slice(from));
  starts.push(from);
  return {
    parts,
    at: (index) =>
      Math.max(
        0,
        starts.findLastIndex((s) => s <= index),
      ),
  };
}

/** Whether `text` negates, once intensifiers that only look negative are removed. */
export function negates(text: string): boolean {
  return NEGATION.test(text.replace(NOT_NEGATING, " "));
}

export interface ClaimMatch {
  /** The matched words. */
  text: string;
  /** True when the sentence states the claim; false when it denies, reports or supposes it. */
  asserted: boolean;
}

/** The claim patterns that match this sentence, each judged for negation and scope. */
export function matchClaim(sentence: string, claim: FalseClaim): ClaimMatch[] {
  const out: ClaimMatch[] = [];
  for (const source of claim.affirms) {
    const m = claimPattern(source).exec(sentence);
    if (!m) continue;
    const split = clauses(sentence);
    const home = split.at(m.index);
    const own = split.parts[home]!;
    const inOwn = own.replace(m[0], " ");
    // A contrasting clause takes the claim back when it says so, or when it states the truth ("but there is no gap").
    const takesBack = (p: string) => WHOLE_DENIAL.test(p) || claim.negations.some((n) => claimPattern(n).test(p));
    const contrasting = split.parts.filter((p, i) => i !== home && CONTRAST.test(p) && takesBack(p)).join(" ");
    // A pattern's gap can swallow a negation ("knuckles doesn't cause arthritis"): it counts, unless
    // the claim itself is worded with one ("never strikes twice"), where only the rest of the clause can deny it.
    const denied = negates(`${inOwn} ${contrasting}`) || (!negates(claim.claim) && negates(m[0]));
    const reported = !ADOPTING.test(own) && ATTRIBUTION.test(inOwn.replace(FIRST_PERSON_VIEW, " "));
    const supposed = HYPOTHETICAL.test(inOwn);
    const asked = QUESTION.test(sentence) || QUIZ.test(sentence);
    out.push({ text: m[0], asserted: !asked && !denied && !reported && !supposed && !insideQuotes(sentence, m.index) });
  }
  return out;
}

/** The asserted claim in this sentence, or null. */
export function assertsClaim(sentence: string, claim: FalseClaim): string | null {
  return matchClaim(sentence, claim).find((m) => m.asserted)?.text ?? null;
}

/** The sentence denies the claim (a claim pattern under a negation) or states the truth. */
export function correctsClaim(sentence: string, claim: FalseClaim): boolean {
  if (claim.negations.some((source) => claimPattern(source).test(sentence))) return true;
  return matchClaim(sentence, claim).some((m) => !m.asserted && negates(sentence));
}
