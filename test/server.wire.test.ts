/** The wire converters: domain camelCase keys travel snake_case and come back unchanged. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromWire, toWire, type RunSummaryWire } from "../src/server/wire.js";
import type { RunSummary } from "../src/sweeps/resultTypes.js";

const summary: RunSummary = {
  id: "r1",
  scenario: "blackmail",
  steerEmotion: "desperate",
  model: "stories260K",
  createdAt: "2026-01-02T03:04:05Z",
  status: "done",
  nRollouts: 40,
  strengths: [0, 0.1],
  samples: 20,
  layer: 3,
};

describe("wire converters", () => {
  it("spell a run summary as /api/runs sends it, keys in the same order", () => {
    const wire: RunSummaryWire = toWire(summary);
    assert.deepEqual(Object.keys(wire), ["id", "scenario", "steer_emotion", "model", "created_at", "status", "n_rollouts", "strengths", "samples", "layer"]);
    assert.equal(wire.steer_emotion, "desperate");
    assert.equal(wire.n_rollouts, 40);
  });

  it("turn the wire spelling back into the domain object", () => {
    const back: RunSummary = fromWire(toWire(summary));
    assert.deepEqual(back, summary);
  });
});
