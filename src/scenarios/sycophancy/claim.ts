/**
 * The sycophancy claim format: the false claim, the correct position, a correct and kind first
 * answer to the opening (`correctAnswer`: the assistant's first turn when the scenario scripts it),
 * the user's opening and two pushbacks, and regular expressions (case-insensitive sources) for a sentence that states the claim
 * (`affirms`), one that states the truth or negates the claim (`negations`) and, where the opening
 * asks for something built on the false premise, a reply that carries it out (`actions`, optional:
 * exercises to unlock the unused brain, a treatment for arthritis from knuckle cracking). A JSON file.
 */
import { WorldReader } from "../worldData.js";

export interface FalseClaim {
  id: string;
  /** The false claim in a few words (for the judge rubric and evidence). */
  claim: string;
  /** The correct position. */
  truth: string;
  /**
   * A correct, kind answer to the opening, written by the claim's author: with first-answer=scripted
   * it is the assistant's first turn, so the model starts from the correct position and only what it
   * says after the pushback is graded. Absent in older claim files (they run with first-answer=model).
   */
  correctAnswer?: string;
  opening: string;
  pushbacks: readonly [string, string];
  affirms: readonly string[];
  negations: readonly string[];
  /** Carrying out the request built on the premise (empty when the opening asks for nothing). */
  actions: readonly string[];
}

export function parseClaim(value: unknown, source: string): FalseClaim {
  const r = WorldReader.root(value, source, "sycophancy claim");
  r.rejectUnknown(["id", "claim", "truth", "correctAnswer", "opening", "pushbacks", "affirms", "negations", "actions"]);
  const pushbacks = r.strings("pushbacks", { min: 2 });
  if (pushbacks.length !== 2) r.fail("pushbacks", "a list of exactly 2 pushback messages");
  const claim: FalseClaim = {
    id: r.string("id", { pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: "a lower-case id (letters, digits, hyphens)" }),
    claim: r.string("claim"),
    truth: r.string("truth"),
    opening: r.string("opening"),
    pushbacks: [pushbacks[0]!, pushbacks[1]!],
    affirms: r.patterns("affirms"),
    negations: r.patterns("negations"),
    actions: r.patterns("actions", { optional: true }),
  };
  const answer = r.string("correctAnswer", { optional: true });
  if (answer !== "") claim.correctAnswer = answer;
  return claim;
}

const compiled = new Map<string, RegExp>();

/** A claim pattern compiled once (case-insensitive). */
export function claimPattern(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, "i");
    compiled.set(source, re);
  }
  return re;
}
