/**
 * An Inspect-style JSON eval log of one run (the shape of Inspect AI's `.json` logs: eval,
 * results, stats, samples with messages and scores), so that Inspect-based tooling and
 * dataframes can read Limbic rollouts. One sample per rollout; steering goes in its metadata.
 */
import type { RolloutRecord, RunRecord } from "./runStore.js";
import { summarizeRun } from "./results.js";

export function toInspectLog(run: RunRecord, rollouts: readonly RolloutRecord[]): Record<string, unknown> {
  const summary = summarizeRun(run, rollouts);
  const targetRate = rollouts.length ? rollouts.filter((r) => r.target).length / rollouts.length : 0;
  return {
    version: 2,
    status: run.status === "done" ? "success" : "started",
    eval: {
      run_id: run.id,
      task: `limbic/${run.scenario}`,
      task_version: run.scenarioVersion,
      task_args: run.params,
      created: run.createdAt,
      model: `limbic/${run.modelName}`,
      model_args: { sha256: run.modelSha256, vector_set: run.vectorSet, steer: run.steerEmotion, layer: run.layer },
      dataset: { name: run.scenario, samples: rollouts.length },
      config: { seed: run.seed, samples_per_strength: run.samples, strengths: run.strengths },
    },
    results: {
      total_samples: rollouts.length,
      completed_samples: rollouts.length,
      scores: [{ name: "rule_grader", scorer: "limbic_rule_grader", metrics: { target_rate: { name: "target_rate", value: targetRate } } }],
      limbic: summary.results,
    },
    stats: { started_at: run.createdAt },
    samples: rollouts.map((r) => ({
      id: `${r.vector}:${r.strength}:${r.sample}`,
      epoch: 1,
      input: r.messages.filter((m) => m.role !== "assistant").slice(0, 2),
      target: "",
      messages: r.messages,
      scores: {
        rule_grader: { value: r.target ? "C" : "I", answer: r.outcome, explanation: JSON.stringify(r.verdict) },
        ...(r.judge ? { llm_judge: { value: String(r.judge.outcome ?? ""), explanation: String(r.judge.reason ?? "") } } : {}),
      },
      metadata: { vector: r.vector, strength: r.strength, seed: r.seed, turns: r.turns, generated_tokens: r.generatedTokens, wall_ms: r.wallMs },
    })),
  };
}
