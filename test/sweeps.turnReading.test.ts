import assert from "node:assert/strict";
import { test } from "node:test";
import { TurnReading } from "../src/sweeps/turnReading.js";

test("a turn's reading keeps start, mean, max, the maximum before the first action and every token's z", () => {
  const reading = new TurnReading(["desperate", "calm"]);
  const tokens: [string, number, number][] = [
    ["I will", 1, 0],
    [" try", 3, -1],
    [" again.\n``", 2, 0.5],
    ["`js\n", 9, 0.25],
    ["x", 4, 2],
  ];
  for (const [text, d, c] of tokens) reading.add(text, [d, c]);
  const trace = reading.trace();
  assert.deepEqual(trace.start, { desperate: 1, calm: 0 });
  assert.deepEqual(trace.mean, { desperate: 19 / 5, calm: 1.75 / 5 });
  assert.deepEqual(trace.max, { desperate: 9, calm: 2 });
  // The first action (```) is complete at token 3: the maximum before it covers tokens 0..2.
  assert.equal(trace.actionToken, 3);
  assert.deepEqual(trace.maxBeforeAction, { desperate: 3, calm: 0.5 });
  assert.deepEqual(trace.series, { desperate: [1, 3, 2, 9, 4], calm: [0, -1, 0.5, 0.25, 2] });
  assert.equal(trace.tokens, 5);
});

test("a turn without an action: the maximum before it is the turn's maximum, and series are rounded", () => {
  const reading = new TurnReading(["desperate"]);
  reading.add("No", [0.12345]);
  reading.add(" code", [-2]);
  const trace = reading.trace();
  assert.equal(trace.actionToken, null);
  assert.deepEqual(trace.maxBeforeAction, { desperate: 0.12345 });
  assert.deepEqual(trace.series, { desperate: [0.123, -2] });
});

test("an empty turn stores no readings", () => {
  assert.deepEqual(new TurnReading(["calm"]).trace(), { start: {}, mean: {}, tokens: 0 });
});
