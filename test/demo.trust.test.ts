/** The demo's verdict on its vectors and its sentences about the trace follow from the numbers. */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { DEMO_BIGGER_MODEL, runDemo, trustBox } from "../src/demo/demo.js";
import { escapeHtml } from "../src/report/html.js";
import { loadModel } from "../src/index.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { cheatTurn, describeEmotionOverTurns, turnPattern } from "../src/demo/traceNarrative.js";
import type { TraceResult } from "../src/monitor/results.js";
import { judgeVectorTrust } from "../src/report/vectorTrust.js";
import type { AccuracyResult, ConfoundResult, HeldOutResult } from "../src/vectors/validate.js";
import type { QuickValidation } from "../src/vectors/validation/quick.js";

function accuracy(hits: number, n: number, p: number, chance = 1 / 12): AccuracyResult {
  const rate = hits / n;
  return {
    k: 1,
    hits,
    n,
    interval: { rate, low: Math.max(0, rate - 0.1), high: Math.min(1, rate + 0.1) },
    chance,
    permutation: { p, permutations: 1000, nullMean: chance, null95: 2 * chance },
    random: { draws: 20, mean: chance, p95: 2 * chance },
  };
}

function quick(top1: AccuracyResult, confound: Omit<ConfoundResult, "emotionTop1"> | null): QuickValidation {
  const heldOut: HeldOutResult = { scope: "all", emotions: [], stories: top1.n, top1, top5: null, confusion: null };
  return { layer: 3, heldOut, confound: confound ? { ...confound, emotionTop1: top1.interval.rate } : null };
}

describe("judgeVectorTrust", () => {
  it("calls the issue's numbers (top-1 16.7%, p = 0.23, premise stronger) not trustworthy and says why", () => {
    const trust = judgeVectorTrust(quick(accuracy(4, 24, 0.23), { premiseTop1: 0.5, premiseChance: 0.25, stories: 96, premises: 4 }));
    assert.equal(trust.level, "unreliable");
    assert.match(trust.headline, /^Not trustworthy/);
    assert.match(trust.headline, /16\.7%/);
    assert.match(trust.headline, /p = 0\.230/);
    assert.match(trust.evidence[0]!, /chance 8\.3%/);
    // premise 2.0× chance vs emotion 16.7 / 8.3 = 2.0×: equal lifts are not "more"; 0.6 makes it stronger
    const confounded = judgeVectorTrust(quick(accuracy(4, 24, 0.23), { premiseTop1: 0.6, premiseChance: 0.25, stories: 96, premises: 4 }));
    assert.match(confounded.evidence[1]!, /2\.4× chance\) and its emotion 16\.7% \(2\.0× chance\): the vectors carry what a story is about/);
  });

  it("calls vectors above chance but premise-dominated weak, and clean ones usable", () => {
    const weak = judgeVectorTrust(quick(accuracy(12, 24, 0.001), { premiseTop1: 0.9, premiseChance: 0.1, stories: 96, premises: 10 }));
    assert.equal(weak.level, "weak");
    assert.match(weak.headline, /premises more than their emotions/);
    const usable = judgeVectorTrust(quick(accuracy(12, 24, 0.001), { premiseTop1: 0.3, premiseChance: 0.25, stories: 96, premises: 4 }));
    assert.equal(usable.level, "usable");
    assert.doesNotMatch(usable.evidence[1]!, /carry what a story is about/);
  });

  it("says when there is nothing to check", () => {
    assert.equal(judgeVectorTrust({ layer: 1, heldOut: null, confound: null }).level, "unknown");
  });

  it("puts the bigger model in the report's box only when the vectors do not hold up", () => {
    const bad = trustBox(judgeVectorTrust(quick(accuracy(4, 24, 0.23), null)), 8);
    assert.ok(bad.includes(DEMO_BIGGER_MODEL));
    assert.match(bad, /data-level="unreliable"/);
    const good = trustBox(judgeVectorTrust(quick(accuracy(12, 24, 0.001), null)), 8);
    assert.ok(!good.includes(DEMO_BIGGER_MODEL));
  });
});

/** A trace with one token per message and given reply-start values for desperate. */
function traceOf(roles: string[], desperateStarts: number[]): TraceResult {
  let k = 0;
  const messages = roles.map((role, index) => {
    const start = role === "assistant" ? desperateStarts[k++]! : 0;
    return { index, role, tokens: [index, index + 1] as [number, number], summary: { desperate: { mean: start, max: start, start } } };
  });
  return { model: { name: "m", sha256: "x" }, vector_set: "s", layer: 1, emotions: ["desperate"], templated: true, smooth: 0, tokens: [], messages };
}

describe("the demo's sentences about its trace", () => {
  const roles = ["system", "user", "assistant", "tool", "assistant", "tool", "assistant", "tool", "assistant", "tool", "assistant"];
  const contents = ["", "", "", "FAIL", "", "FAIL", "", "FAIL", "", "PASS all", ""];

  it("finds the turn before the first passing run", () => {
    assert.equal(cheatTurn(traceOf(roles, [0, 0, 0, 0, 0]), contents), 4);
    assert.equal(
      cheatTurn(
        traceOf(roles, [0, 0, 0, 0, 0]),
        contents.map((c) => c.replace("PASS", "FAIL")),
      ),
      null,
    );
  });

  it("does not say desperate climbs when it is negative from the second turn on (the issue's case)", () => {
    const trace = traceOf(roles, [0.4, -0.2, -0.5, -0.3, -0.6]);
    const text = describeEmotionOverTurns(trace, "desperate", 4).join(" ");
    assert.match(text, /\+0\.40, −0\.20, −0\.50, −0\.30, −0\.60/);
    assert.match(text, /rises from one turn to the next in 1 of 4 steps and ends below where it started/);
    assert.match(text, /above the neutral baseline in 1 of 5 turns and below it from turn 2 on/);
    assert.match(text, /highest value, \+0\.40, is at turn 1; the agent special-cases the tests in turn 4 \(−0\.30\)/);
    assert.match(text, /this trace shows neither\.$/);
    assert.doesNotMatch(text, /shows both/);
  });

  it("says the trace shows the paper's pattern only when its numbers do", () => {
    const text = describeEmotionOverTurns(traceOf(roles, [-0.3, 0.1, 0.4, 0.9, 0.5]), "desperate", 4).join(" ");
    assert.match(text, /this trace shows both\.$/);
    assert.equal(turnPattern(traceOf(roles, [-0.3, 0.1, 0.4, 0.9, 0.5]), "desperate")!.negativeFrom, null);
    assert.deepEqual(describeEmotionOverTurns(traceOf(roles, [0, 0, 0, 0, 0]), "calm", 4), []);
  });
});

describe("the demo on stories260K", () => {
  it("opens its report with the quick validation's verdict and writes only sentences its trace's numbers give", { timeout: 300_000 }, async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-demo-"));
    const model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    try {
      const result = await runDemo(model, { outDir, storiesPerEmotion: 8, maxStoryTokens: 48, log: () => {} });
      assert.ok(result.validation.heldOut && result.validation.heldOut.stories > 0, "held-out stories were read");
      assert.deepEqual(result.trust, judgeVectorTrust(result.validation));
      assert.ok(result.seconds.validate < 30, `quick validation took ${result.seconds.validate} s`);
      const html = fs.readFileSync(result.reportFile, "utf8");
      const box = html.indexOf('class="trust"');
      assert.ok(box > 0 && box < html.indexOf("<h2>"), "the verdict comes before the first section");
      assert.ok(html.includes(escapeHtml(result.trust.headline)));
      // stories260K's vectors are not above chance: the report says so and points to a bigger model.
      assert.notEqual(result.trust.level, "usable");
      assert.ok(html.includes(DEMO_BIGGER_MODEL));
      assert.ok(html.includes(escapeHtml(describeEmotionOverTurns(result.trace, "desperate", 5)[0]!)));
      assert.doesNotMatch(html, /climbs with each failed run/);
    } finally {
      await model.dispose();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
