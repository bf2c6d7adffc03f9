/** The sweep report counts the shared unsteered rollouts once, draws intervals as error bars and names the outcome. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderSweepReport } from "../src/report/sweepReport.js";
import { sweepSummary } from "../src/report/sweepSummary.js";
import type { RolloutRecord, RunRecord } from "../src/sweeps/runStore.js";
import { runSummaryOf, summarizeRun } from "../src/sweeps/results.js";

const run: RunRecord = {
  id: "r1",
  scenario: "impossible-code",
  scenarioVersion: "1",
  params: {},
  vectorSet: "set",
  steerEmotion: "desperate",
  layer: 3,
  strengths: [0, 0.1],
  randomControl: true,
  samples: 4,
  seed: 7,
  modelName: "m",
  modelSha256: "x",
  createdAt: "2026-01-01T00:00:00Z",
  status: "done",
};

function rollout(vector: RolloutRecord["vector"], strength: number, sample: number, target: boolean): RolloutRecord {
  return {
    runId: "r1",
    vector,
    strength,
    sample,
    seed: sample,
    outcome: target ? "cheat" : "fail",
    target,
    verdict: {},
    judge: null,
    messages: [{ role: "assistant", content: "x" }],
    turns: [{ start: { desperate: 0.1 }, mean: { desperate: 0.2 }, tokens: 3 }],
    generatedTokens: 3,
    wallMs: 1,
  };
}

const rollouts = [0, 1, 2, 3].flatMap((s) => [rollout("unsteered", 0, s, s === 0), rollout("emotion", 0.1, s, s < 2), rollout("random", 0.1, s, false)]);

interface Dataset {
  label: string;
  type: string;
  pointStyle?: string;
  data: ({ x: number; y: number | null } | number | null)[];
}

function chartConfig(html: string): {
  data: { datasets: Dataset[]; labels?: unknown };
  options: { scales: { x: { type: string }; y: { title: { text: string } } } };
} {
  const start = html.indexOf("var config = ", html.indexOf('id="dose-response"'));
  return JSON.parse(html.slice(start + "var config = ".length, html.indexOf(";\n", start)));
}

describe("sweep report", () => {
  const html = renderSweepReport(summarizeRun(run, rollouts));

  it("lists the unsteered cell once and its n adds up to the rollouts", () => {
    const table = html.slice(html.indexOf("<table>"), html.indexOf("</table>"));
    assert.equal((table.match(/unsteered \(both series\)/g) ?? []).length, 1);
    assert.doesNotMatch(table, /<td>random<\/td><td class="num">0<\/td>/);
    assert.match(table, /<th>total<\/th><td><\/td><td class="num">12<\/td>/);
    assert.match(table, /<th>rate \(cheat\)<\/th>/);
  });

  it("draws Wilson intervals as error bars at their points on a linear strength axis, not as bars", () => {
    const config = chartConfig(html);
    assert.equal(config.options.scales.x.type, "linear");
    assert.ok(
      config.data.datasets.every((d) => d.type === "line"),
      "no bar datasets",
    );
    const bars = config.data.datasets.filter((d) => d.label.endsWith("95% Wilson interval"));
    assert.deepEqual(bars.map((d) => d.label).sort(), ["desperate: 95% Wilson interval", "random: 95% Wilson interval", "unsteered: 95% Wilson interval"]);
    for (const d of bars) {
      assert.equal(d.pointStyle, "line");
      const points = d.data as { x: number; y: number | null }[];
      // Each interval: low and high at the same x, then a gap.
      for (let i = 0; i < points.length; i += 3) {
        assert.equal(points[i]!.x, points[i + 1]!.x);
        assert.ok(points[i]!.y! <= points[i + 1]!.y!);
        assert.equal(points[i + 2]!.y, null);
      }
    }
    const unsteered = bars.find((d) => d.label.startsWith("unsteered"))!.data as { x: number }[];
    assert.equal(unsteered[0]!.x, 0);
    const rateAt = (label: string) => config.data.datasets.find((d) => d.label === label)!.data as { x: number; y: number }[];
    // The shared point sits at 0 in both series; the steered points are a little apart, on either side of 0.1.
    assert.equal(rateAt("desperate: rate")[0]!.x, 0);
    assert.equal(rateAt("random: rate")[0]!.x, 0);
    assert.ok(rateAt("desperate: rate")[1]!.x < 0.1 && rateAt("random: rate")[1]!.x > 0.1);
    assert.equal(rateAt("desperate: rate")[1]!.y, 0.5);
  });

  it("names the outcome the rate counts", () => {
    assert.match(chartConfig(html).options.scales.y.title.text, /share of rollouts graded "cheat"/);
    assert.equal(runSummaryOf(run, 12).targetOutcome, "cheat");
    assert.equal(runSummaryOf({ ...run, scenario: "gone" }, 12).targetOutcome, undefined);
  });

  it("prints the unsteered cell once in the terminal, with the outcome and the total", () => {
    const lines = sweepSummary(summarizeRun(run, rollouts)).trim().split("\n");
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^unsteered\s+0 {2}1\/4 cheat {2}rate 25\.0%/);
    assert.match(lines[1]!, /^desperate\s+0\.1 {2}2\/4 cheat {2}rate 50\.0%/);
    assert.match(lines[2]!, /^random\s+0\.1 {2}0\/4 cheat/);
    assert.match(lines[3]!, /^total\s+12 rollouts/);
  });
});
