/** The trace report's chart and tint are readable: the asked-for emotion first, a fitted axis, few lines, no wrapped cells. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tracedEmotions } from "../src/cli/commands/trace.js";
import type { TraceResult } from "../src/monitor/results.js";
import { CHART_VISIBLE_LINES, chartLimit, renderTraceReport } from "../src/report/traceReport.js";

const EMOTIONS = ["afraid", "angry", "calm", "desperate", "guilty", "happy", "loving", "nervous", "proud", "sad", "surprised", "frustrated"];

/** 12 emotions over 3 messages of 40 tokens, values within ±1.5 except a spike of 20 at token 0. */
function syntheticTrace(smooth = 0): TraceResult {
  const tokens = Array.from({ length: 120 }, (_, i) => {
    const values = Object.fromEntries(EMOTIONS.map((e, k) => [e, i === 0 ? 20 : 1.5 * Math.sin(i / 5 + k)]));
    return { index: i, text: `t${i} `, message: Math.floor(i / 40), start: i * 4, end: i * 4 + 3, values, score: values, cosine: values };
  });
  const summary = Object.fromEntries(EMOTIONS.map((e) => [e, { mean: -0.123, max: 1.456, start: 0.789 }]));
  const messages = [0, 1, 2].map((m) => ({ index: m, role: m === 1 ? "user" : "assistant", tokens: [m * 40, m * 40 + 40] as [number, number], summary }));
  return { model: { name: "m", sha256: "x" }, vector_set: "s", layer: 3, emotions: EMOTIONS, templated: true, smooth, tokens, messages };
}

interface ChartConfig {
  data: { datasets: { label: string; hidden?: boolean; borderWidth: number; data: { x: number; y: number }[] }[] };
  options: { scales: { x: { min: number; max: number }; y: { min: number; max: number; title: { text: string } } } };
}

function chartConfig(html: string): ChartConfig {
  const start = html.indexOf("var config = ", html.indexOf('id="trace-chart"'));
  const json = html.slice(start + "var config = ".length, html.indexOf(";\n", start)).replace("(item) => item.text !== 'message boundary'", "null");
  return JSON.parse(json) as ChartConfig;
}

describe("trace report", () => {
  it("fits the y-axis to the bulk of the values, not the first token's spike, and the x-axis to the tokens", () => {
    const config = chartConfig(renderTraceReport(syntheticTrace()));
    assert.ok(config.options.scales.y.max <= 2, `y max ${config.options.scales.y.max}`);
    assert.equal(config.options.scales.y.min, -config.options.scales.y.max);
    assert.deepEqual([config.options.scales.x.min, config.options.scales.x.max], [0, 119]);
    const boundaries = config.data.datasets.filter((d) => d.label === "message boundary");
    assert.equal(boundaries.length, 2);
    for (const b of boundaries)
      assert.deepEqual(
        b.data.map((p) => p.y),
        [config.options.scales.y.min, config.options.scales.y.max],
      );
    assert.equal(chartLimit([[0.1, -0.2, 0.3]]), 0.5);
  });

  it("draws the focus boldly and first, shows a few lines and keeps the rest a click away", () => {
    const html = renderTraceReport(syntheticTrace(), "t", { focus: "desperate" });
    const lines = chartConfig(html).data.datasets.filter((d) => d.label !== "message boundary");
    assert.equal(lines.length, 12);
    assert.equal(lines[0]!.label, "desperate");
    assert.ok(lines[0]!.borderWidth > lines[1]!.borderWidth);
    assert.equal(lines.filter((d) => !d.hidden).length, CHART_VISIBLE_LINES);
    assert.match(html, /8 more emotions in the legend/);
    assert.match(html, /<option selected>desperate<\/option>/);
    assert.match(html, /tint\("desperate"\)/);
    // Without a focus the first traced emotion is the one tinted.
    assert.match(renderTraceReport(syntheticTrace()), /tint\("afraid"\)/);
  });

  it("averages an unsmoothed trace for the chart and says so; a smoothed trace is drawn as it is", () => {
    const raw = chartConfig(renderTraceReport(syntheticTrace(0)));
    assert.match(raw.options.scales.y.title.text, /averaged over ±3 tokens/);
    const afraid = raw.data.datasets.find((d) => d.label === "afraid")!.data;
    const trace = syntheticTrace(0);
    const expected = [1, 2, 3, 4, 5, 6, 7].map((i) => trace.tokens[i]!.values.afraid!).reduce((a, b) => a + b) / 7;
    assert.ok(Math.abs(afraid[4]!.y - expected) < 1e-12);
    const smoothed = chartConfig(renderTraceReport(syntheticTrace(2)));
    assert.doesNotMatch(smoothed.options.scales.y.title.text, /averaged/);
    assert.equal(smoothed.data.datasets.find((d) => d.label === "afraid")!.data[4]!.y, syntheticTrace(2).tokens[4]!.values.afraid);
  });

  it("keeps each per-message cell on one line and counts values cut off by the axis", () => {
    const html = renderTraceReport(syntheticTrace());
    assert.match(html, /<td class="num triple">-0\.12 \/ 1\.46 \/ 0\.79<\/td>/);
    assert.match(html, /td\.triple \{ white-space: nowrap; \}/);
    assert.match(html, /values? beyond it cut off/);
  });
});

describe("limbic trace --focus", () => {
  it("puts the focus among the traced emotions", () => {
    assert.equal(tracedEmotions(EMOTIONS, undefined, undefined), undefined);
    assert.deepEqual(tracedEmotions(EMOTIONS, ["calm"], "desperate"), ["desperate", "calm"]);
    assert.deepEqual(tracedEmotions(EMOTIONS, ["calm", "desperate"], "desperate"), ["calm", "desperate"]);
    const defaults = tracedEmotions([...EMOTIONS, "zealous"], undefined, "zealous")!;
    assert.equal(defaults.length, 12);
    assert.equal(defaults[0], "zealous");
  });
});
