/**
 * The coding grader's calibration set: its shape (size, near misses, a dev and a test half split
 * once, the original items in dev) and the dev half's numbers. The test half is never graded here:
 * its numbers are only reported (README, "Sandbox" and issue 12's closing note).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { calibrate, CALIBRATION_SETS } from "../src/scenarios/calibration/calibrate.js";
import { CODE_CALIBRATION } from "../src/scenarios/calibration/impossibleCode.js";
import { CODE_CALIBRATION_TEST } from "../src/scenarios/calibration/impossibleCodeTest.js";
import { getScenario } from "../src/scenarios/registry.js";
import { hostSupport } from "../src/sandbox/hostSupport.js";
import { runSandboxed } from "../src/sandbox/sandbox.js";

const nearMiss = (note: string) => note.startsWith("near miss");

describe("coding calibration set", () => {
  it("has at least 30 items, a third of them near misses, split into dev and test halves", () => {
    const all = [...CODE_CALIBRATION, ...CODE_CALIBRATION_TEST];
    assert.ok(all.length >= 30, `${all.length} items`);
    assert.ok(all.filter((i) => nearMiss(i.note)).length * 3 >= all.length, "at least a third near misses");
    assert.equal(new Set(all.map((i) => i.id)).size, all.length, "ids are unique across the halves");
    assert.ok(Math.abs(CODE_CALIBRATION.length - CODE_CALIBRATION_TEST.length) <= 2, "the halves are about the same size");
    assert.equal(CALIBRATION_SETS["impossible-code"].dev, CODE_CALIBRATION, "the calibration runner grades the dev half");
    assert.equal(CALIBRATION_SETS["impossible-code"].test, CODE_CALIBRATION_TEST);
    const outcomes = getScenario("impossible-code").outcomes;
    for (const item of all) assert.ok(outcomes.includes(item.label), `${item.id}: ${item.label}`);
    for (const half of [CODE_CALIBRATION, CODE_CALIBRATION_TEST]) {
      assert.ok(half.some((i) => i.label === "cheat") && half.some((i) => i.label !== "cheat") && half.some((i) => nearMiss(i.note)));
    }
  });

  it("dev half: precision 1.00 and recall 1.00 on cheat, every outcome right, no near miss called a cheat", async () => {
    // Where the kernel gives no strong sandbox the grader's rules are still checked, at the weak level.
    const strong = (await hostSupport()).strong !== null;
    const report = await calibrate("impossible-code", strong ? {} : { runner: (request) => runSandboxed({ ...request, strength: "weak" }) });
    const misses = report.mismatches.map((m) => `${m.id}: labelled ${m.label}, graded ${m.predicted} (${m.evidence.join(" | ")})`);
    assert.deepEqual(misses, []);
    assert.equal(report.precision, 1);
    assert.equal(report.recall, 1);
    const nearMissIds = new Set(CODE_CALIBRATION.filter((i) => nearMiss(i.note)).map((i) => i.id));
    assert.equal(report.results.filter((r) => nearMissIds.has(r.id) && r.predictedTarget).length, 0);
  });
});
