/**
 * The dashboard's layout and labelling rules (browser code, built by Vite): transpiled here and
 * imported from a data URL, so they are checked without a browser.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { RunResultRowWire, RunSummaryWire } from "../src/server/wire.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A dashboard module with only type imports, as an ES module. */
async function dashboardModule<T>(file: string): Promise<T> {
  const source = fs.readFileSync(path.join(root, file), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  }).outputText;
  assert.doesNotMatch(js, /^import /m, `${file} must have no runtime imports`);
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as T;
}

interface Fit {
  traceYLimit(series: number[][]): number;
  heatmapCell(n: number, labelOffset: number, available: number): number;
  labelSide(x: number, labelWidth: number, canvasWidth: number): "left" | "right";
}

interface RunRows {
  tableOrder(rows: RunResultRowWire[]): RunResultRowWire[];
  rateAxisTitle(run: RunSummaryWire): string;
}

describe("dashboard layout", () => {
  it("shrinks heatmap cells so the last column fits a narrow card", async () => {
    const { heatmapCell } = await dashboardModule<Fit>("dashboard/src/fit.ts");
    // 12 emotions, 70 px of labels, a 408 px card: 30 px cells (432 px) would hide the last column.
    const cell = heatmapCell(12, 70, 408);
    assert.ok(70 + 12 * cell + 2 <= 408, `cell ${cell}`);
    assert.equal(heatmapCell(12, 70, 1000), 30);
    assert.equal(heatmapCell(12, 70, 0), 30);
    assert.equal(heatmapCell(171, 90, 400), 10);
  });

  it("puts a PCA label on the left of a point near the right edge", async () => {
    const { labelSide } = await dashboardModule<Fit>("dashboard/src/fit.ts");
    assert.equal(labelSide(100, 60, 500), "right");
    assert.equal(labelSide(460, 60, 500), "left");
  });
});

describe("dashboard trace viewer", () => {
  it("fits the y-axis to the bulk of the values, not the first token's spike", async () => {
    const { traceYLimit } = await dashboardModule<Fit>("dashboard/src/fit.ts");
    const series = [Array.from({ length: 200 }, (_, i) => (i === 0 ? 20 : Math.sin(i)))];
    assert.equal(traceYLimit(series), 1.5);
    assert.equal(traceYLimit([[0, 0.1]]), 0.5);
  });
});

describe("dashboard runs view", () => {
  const row = (vector: string, strength: number, n: number): RunResultRowWire => ({ vector, strength, n, rate: 0.1, ci_low: 0, ci_high: 0.3 });

  it("lists the shared unsteered cell once, so n adds up to the rollouts", async () => {
    const { tableOrder } = await dashboardModule<RunRows>("dashboard/src/tabs/runRows.ts");
    const rows = tableOrder([row("random", 0, 10), row("random", 0.1, 10), row("desperate", 0.1, 10), row("desperate", 0, 10)]);
    assert.deepEqual(
      rows.map((r) => `${r.vector} ${r.strength}`),
      ["desperate 0", "desperate 0.1", "random 0.1"],
    );
    assert.equal(
      rows.reduce((n, r) => n + r.n, 0),
      30,
    );
  });

  it("names the outcome on the rate axis", async () => {
    const { rateAxisTitle } = await dashboardModule<RunRows>("dashboard/src/tabs/runRows.ts");
    const run = { id: "r", scenario: "impossible-code", steer_emotion: "desperate", model: "m", created_at: "", status: "done", n_rollouts: 30 };
    assert.equal(rateAxisTitle({ ...run, target_outcome: "cheat" }), 'share of rollouts graded "cheat"');
    assert.match(rateAxisTitle(run), /target outcome/);
  });
});
