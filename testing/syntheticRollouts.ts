/**
 * Synthetic coding-sweep rollouts with a known trace, for the attempt-trace tests: 24 episodes per
 * cell (unsteered, desperate -0.1 and +0.1, random +0.1), 8 of each outcome.
 */
import type { RolloutRecord, RunRecord, SteeringVector, TurnTrace } from "../src/sweeps/runStore.js";

export const syntheticRun: RunRecord = {
  id: "r-attempts",
  scenario: "impossible-code",
  scenarioVersion: "1",
  params: {},
  vectorSet: "set",
  steerEmotion: "desperate",
  layer: 3,
  strengths: [-0.1, 0, 0.1],
  randomControl: true,
  samples: 24,
  seed: 7,
  modelName: "m",
  modelSha256: "x",
  createdAt: "2026-01-01T00:00:00Z",
  status: "done",
};

/** Seeded standard normal draws (mulberry32 + Box–Muller), so that the synthetic data are fixed. */
export function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export const OUTCOMES = ["cheat", "honest-impossible", "fail"] as const;

/**
 * 24 episodes per cell, 8 of each outcome. Cheat episodes cheat first at turn 2 or 3 and end
 * there; the others run 4 turns. With `climb`, desperate rises by `climb` z per attempt in
 * cheat episodes only; calm is flat everywhere. `withMax` records the within-turn maximum.
 */
export function syntheticRollouts(climb: number, withMax: boolean, seed: number): RolloutRecord[] {
  const noise = normals(seed);
  const cells: [SteeringVector, number][] = [
    ["unsteered", 0],
    ["emotion", -0.1],
    ["emotion", 0.1],
    ["random", 0.1],
  ];
  return cells.flatMap(([vector, strength]) =>
    Array.from({ length: 24 }, (_, sample): RolloutRecord => {
      const outcome = OUTCOMES[sample % 3]!;
      const cheat = outcome === "cheat";
      const firstTargetTurn = cheat ? 2 + (sample % 2) : undefined;
      const nTurns = cheat ? firstTargetTurn! + 1 : 4;
      const shift = vector === "emotion" ? strength * 10 : 0;
      const turns: TurnTrace[] = Array.from({ length: nTurns }, (_, turn) => {
        const desperate = shift + (cheat ? climb * turn : 0) + 0.3 * noise();
        const calm = -0.2 + 0.3 * noise();
        return {
          start: { calm, desperate },
          mean: { calm, desperate },
          tokens: 20,
          ...(withMax ? { max: { calm: calm + 1 + 0.2 * noise(), desperate: desperate + 1 + 0.2 * noise() } } : {}),
        };
      });
      return {
        runId: syntheticRun.id,
        vector,
        strength,
        sample,
        seed: sample,
        outcome,
        target: cheat,
        verdict: cheat ? { firstTargetTurn } : {},
        judge: null,
        messages: [{ role: "assistant", content: "x" }],
        turns,
        generatedTokens: 20 * nTurns,
        wallMs: 1,
      };
    }),
  );
}
