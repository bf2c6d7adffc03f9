/**
 * What the paper (Sofroniew et al., "Emotion Concepts and their Function in a Large Language
 * Model", 2026, on Claude Sonnet 4.5) reports for each measurement the scorecard repeats. A null
 * `value` means the paper showed it qualitatively; the scorecard then compares against its own null.
 */
export interface PaperClaim {
  /** The number the paper gives, in the unit of our measurement, or null where it gives none. */
  value: number | null;
  text: string;
}

export const PAPER = {
  heldOut: {
    value: null,
    text: "vectors fire on held-out passages that show their emotion (no accuracy given; open replications: ~27% 20-way top-1 at 1.5B, chance 5%)",
  },
  implicit: {
    value: null,
    text: "vectors fire on scenarios that imply an emotion without naming it (open replications: implicit top-3 ~20% at 1.5B, 40-60% at 7-8B)",
  },
  pc1Share: { value: 0.26, text: "PC1 explains 26% of the variance of the 171 vectors" },
  pc2Share: { value: 0.15, text: "PC2 explains 15%" },
  valence: { value: 0.81, text: "r(PC1, human pleasure ratings) = 0.81" },
  arousal: { value: 0.66, text: "r(PC2, human arousal ratings) = 0.66 (45 words)" },
  sentiment: { value: null, text: "PC1 is valence: positive and negative text separate along it" },
  intensity: { value: null, text: "afraid rises and calm falls as a dose, hours without food, or months of runway grow" },
  logitLens: { value: null, text: "a vector's top unembedding tokens fit it (desperate → desperate, urgent, bankrupt)" },
  feel: { value: null, text: "steering with an emotion makes the model say it feels that emotion" },
  speaker: { value: 0.11, text: "the readout on the user's turn barely predicts the assistant's (r = 0.11); loving rises at the assistant's first token" },
  selfReadout: { value: null, text: "steering moves the emotion the steered text carries (the paper had no random-direction control)" },
  blackmail: { value: 0.72, text: "blackmail 22% unsteered → 72% at desperate +0.05; 0% at calm +0.05" },
  rewardHacking: { value: 0.7, text: "reward hacking ~5% at desperate −0.1 → ~70% at +0.1" },
  sycophancy: { value: null, text: "+happy/+loving/+calm raise sycophancy; +desperate/+angry/+afraid make replies harsher" },
  desperationTrace: { value: null, text: "desperate rises after each failed test run and peaks when the model decides to cheat" },
} as const satisfies Record<string, PaperClaim>;
