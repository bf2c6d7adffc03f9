/** One unit, one bound, one check: every entry point that takes a steering strength refuses the same values with the same words. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkStrength, MAX_STRENGTH, normScaledSteering, parseStrength } from "../src/index.js";
import { parseGuardRule } from "../src/monitor/guard.js";
import { parseStrengths } from "../src/sweeps/cells.js";
import { planSweep } from "../src/sweeps/plan.js";
import type { VectorSet } from "../src/vectors/vectorSet.js";

const set = { dir: "/sets/tiny", manifest: { emotions: ["calm", "desperate"], layers: [3], default_layer: 3 } } as unknown as VectorSet;
const unitWords = /must be a steering strength from -2 to 2 \(a fraction of the layer's mean residual norm/;

describe("Strength", () => {
  it("accepts every finite value within ±MAX_STRENGTH and nothing else", () => {
    assert.equal(MAX_STRENGTH, 2);
    for (const ok of [0, 0.05, -0.1, 2, -2]) assert.equal(checkStrength(ok), ok);
    for (const bad of [2.0001, -3, NaN, Infinity, "0.1", null, undefined]) {
      assert.throws(
        () => checkStrength(bad, "x"),
        (error: { code: string; message: string; details: { name: string; max: number } }) => {
          assert.equal(error.code, "INVALID_ARGUMENT");
          assert.match(error.message, new RegExp(`^x ${unitWords.source}`));
          assert.deepEqual([error.details.name, error.details.max], ["x", MAX_STRENGTH]);
          return true;
        },
        String(bad),
      );
    }
  });

  it("parses text with the same bound, naming the text when it is not a number", () => {
    assert.equal(parseStrength(" -0.05 "), -0.05);
    assert.throws(() => parseStrength("", "--strengths"), { message: /^--strengths must be a steering strength .* not ""\.$/ });
    assert.throws(() => parseStrength("0.1x", "s"), /not "0\.1x"\./);
    assert.throws(() => parseStrength("2.5", "s"), /not 2\.5\./);
  });

  it("is the check behind --strengths, guard rules, planSweep and the library's steering", () => {
    assert.deepEqual(parseStrengths("0.1,-0.1,0,0.1"), [-0.1, 0, 0.1]);
    assert.throws(
      () => parseStrengths("0,2.5"),
      (e: Error) => /^--strengths 2\.5 /.test(e.message) && unitWords.test(e.message),
    );
    assert.deepEqual(parseGuardRule("desperate>2:steer calm=0.05", set.manifest.emotions).action, { kind: "steer", strengths: { calm: 0.05 } });
    assert.throws(() => parseGuardRule("desperate>2:steer calm=3", set.manifest.emotions), unitWords);
    const spec = { scenario: "sycophancy", steerEmotion: "calm", samples: 1, seed: 1 };
    assert.deepEqual(planSweep(set, { ...spec, strengths: [-2, 0, 2] }).strengths, [-2, 0, 2]);
    assert.throws(
      () => planSweep(set, { ...spec, strengths: [0, 4] }),
      (e: Error) => /^strengths\[1\] /.test(e.message) && unitWords.test(e.message),
    );
    const direction = [3, 4];
    assert.equal(normScaledSteering(1, direction, 0.1, 50).scale, (0.1 * 50) / 5);
    assert.throws(() => normScaledSteering(1, direction, 20, 50), unitWords);
  });
});
