/**
 * How far a vector set's readings can be trusted, in plain words, from the quick validation:
 * held-out top-1 against its permutation null, and whether the vectors carry the story's premise
 * more than its emotion. Every sentence states the numbers it rests on.
 */
import type { QuickValidation } from "../vectors/validation/quick.js";
import { pct, pValue } from "./validationParts.js";

/** usable: above chance and not dominated by premise; weak: above chance but confounded; unreliable: not above chance. */
export type TrustLevel = "usable" | "weak" | "unreliable" | "unknown";

export interface VectorTrust {
  level: TrustLevel;
  /** One sentence for the top of a report. */
  headline: string;
  /** The numbers behind the headline, one sentence each. */
  evidence: string[];
}

/** Below this permutation p the held-out top-1 counts as above chance. */
export const TRUST_ALPHA = 0.05;

/** Accuracy as a multiple of its chance level, the fair way to compare the emotion with the premise. */
const lift = (rate: number, chance: number) => (chance > 0 ? rate / chance : NaN);

export function judgeVectorTrust(q: QuickValidation): VectorTrust {
  if (!q.heldOut) {
    return {
      level: "unknown",
      headline: `These vectors could not be checked: ${q.unavailable ?? "there are no held-out stories to read"}. Nothing below says how far their readings can be trusted.`,
      evidence: [],
    };
  }
  const top1 = q.heldOut.top1;
  const aboveChance = top1.permutation.p < TRUST_ALPHA;
  const evidence = [
    `Held-out top-1: ${pct(top1.interval.rate)} of ${top1.n} stories [95% CI ${pct(top1.interval.low)}–${pct(top1.interval.high)}] against chance ${pct(top1.chance)} (permutation ${pValue(top1.permutation.p)})${top1.random ? `; random directions reach ${pct(top1.random.mean)} on average` : ""}.`,
  ];
  const c = q.confound;
  const emotionLift = lift(top1.interval.rate, top1.chance);
  const premiseLift = c ? lift(c.premiseTop1, c.premiseChance) : NaN;
  const confounded = c !== null && premiseLift > emotionLift;
  if (c) {
    evidence.push(
      `Premise confound: the readouts name a story's premise ${pct(c.premiseTop1)} of the time (chance ${pct(c.premiseChance)}, ${premiseLift.toFixed(1)}× chance) and its emotion ${pct(c.emotionTop1)} (${emotionLift.toFixed(1)}× chance)${confounded ? ": the vectors carry what a story is about more than how it feels." : "."}`,
    );
  }
  if (!aboveChance) {
    return {
      level: "unreliable",
      headline: `Not trustworthy: on held-out stories these vectors pick the right emotion ${pct(top1.interval.rate)} of the time, which is not distinguishable from chance (${pValue(top1.permutation.p)}). Read the trace and the steering below as a walk-through of the method, not as findings about this model.`,
      evidence,
    };
  }
  if (confounded) {
    return {
      level: "weak",
      headline: `Weak: held-out top-1 is above chance (${pct(top1.interval.rate)}, ${pValue(top1.permutation.p)}) but the vectors track the stories' premises more than their emotions. Treat single readings with caution.`,
      evidence,
    };
  }
  return {
    level: "usable",
    headline: `Usable: held-out top-1 is ${pct(top1.interval.rate)} against chance ${pct(top1.chance)} (${pValue(top1.permutation.p)}), and the emotion is read better than the premise.`,
    evidence,
  };
}
