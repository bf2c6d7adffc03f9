/**
 * The trace by attempt and outcome on synthetic rollouts: a planted climb of desperation in the
 * cheat episodes only must come out (and nowhere else); a flat trace must show no climb; runs
 * stored before maxima were kept say "not recorded"; the text and the report show it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attemptSummary } from "../src/report/attemptSummary.js";
import { renderSweepReport } from "../src/report/sweepReport.js";
import { attemptTrace, meanInterval } from "../src/sweeps/attemptTrace.js";
import type { AttemptTrace } from "../src/sweeps/resultTypes.js";
import { summarizeRun } from "../src/sweeps/results.js";
import type { RolloutRecord } from "../src/sweeps/runStore.js";
import { normals, OUTCOMES, syntheticRollouts, syntheticRun as run } from "../testing/syntheticRollouts.js";

const rise = (trace: AttemptTrace, cell: string, outcome: string, emotion: string, measure: "start" | "max") =>
  trace.rises.find((r) => r.cell === cell && r.outcome === outcome && r.emotion === emotion && r.measure === measure)!.slope;

describe("mean with a t interval", () => {
  it("matches scipy's t interval", () => {
    // scipy: stats.t.interval(0.95, n - 1, loc=x.mean(), scale=stats.sem(x))
    const a = meanInterval([1, 2, 3, 4, 5])!;
    assert.equal(a.mean, 3);
    assert.ok(Math.abs(a.ci_low! - 1.0367568385224428) < 1e-10 && Math.abs(a.ci_high! - 4.963243161477557) < 1e-10);
    const b = meanInterval([0.3, -1.2, 2.5, NaN])!;
    assert.equal(b.n, 3);
    assert.ok(Math.abs(b.ci_low! - -4.089655179741599) < 1e-10 && Math.abs(b.ci_high! - 5.156321846408265) < 1e-10);
  });
  it("gives no interval for one value and nothing for none", () => {
    assert.deepEqual(meanInterval([0.4]), { mean: 0.4, ci_low: null, ci_high: null, n: 1 });
    assert.equal(meanInterval([NaN]), null);
  });
});

describe("trace by attempt and outcome", () => {
  const planted = attemptTrace(run, syntheticRollouts(0.5, true, 11));
  const flat = attemptTrace(run, syntheticRollouts(0, true, 12));

  it("names cells, outcomes (the target first) and emotions (desperate and calm first)", () => {
    assert.deepEqual(
      planted.cells.map((c) => c.cell),
      ["all", "unsteered", "desperate -0.1", "desperate +0.1", "random +0.1"],
    );
    assert.deepEqual(
      planted.cells.map((c) => c.rollouts),
      [96, 24, 24, 24, 24],
    );
    assert.equal(planted.outcomes[0], "cheat");
    assert.deepEqual(new Set(planted.outcomes), new Set(OUTCOMES));
    assert.deepEqual(planted.emotions, ["desperate", "calm"]);
    assert.equal(planted.target_outcome, "cheat");
    assert.equal(planted.max_recorded, true);
  });

  it("counts the episodes that reached each attempt", () => {
    const n = (cell: string, outcome: string, turn: number) => planted.points.find((p) => p.cell === cell && p.outcome === outcome && p.turn === turn)?.n;
    // Per cell 8 cheat episodes: 4 end after turn 2 (0-based), 4 after turn 3.
    assert.deepEqual(
      [0, 1, 2, 3].map((t) => n("unsteered", "cheat", t)),
      [8, 8, 8, 4],
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((t) => n("all", "cheat", t)),
      [32, 32, 32, 16],
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((t) => n("all", "fail", t)),
      [32, 32, 32, 32],
    );
    assert.equal(n("all", "fail", 4), undefined);
  });

  // Per-turn noise sd 0.3 makes one episode's slope over 3-4 attempts vary with sd about 0.13-0.2,
  // so a cell's mean over 8 episodes is within 0.2 of the truth by a wide margin (the planted climb is 0.5).
  // Many intervals are checked, so null checks use that margin rather than "the 95% interval holds 0" (1 in 20 would miss).
  it("a planted climb in cheat episodes comes out, in the start and the max, and nowhere else", () => {
    for (const cell of planted.cells.map((c) => c.cell)) {
      for (const measure of ["start", "max"] as const) {
        const cheat = rise(planted, cell, "cheat", "desperate", measure);
        assert.ok(cheat.ci_low! > 0, `${cell} ${measure}: cheat climb ${JSON.stringify(cheat)} is above 0`);
        assert.ok(Math.abs(cheat.mean - 0.5) < 0.2, `${cell} ${measure}: cheat climb near the planted 0.5`);
        for (const outcome of ["honest-impossible", "fail"])
          assert.ok(Math.abs(rise(planted, cell, outcome, "desperate", measure).mean) < 0.2, `${cell} ${measure} ${outcome}: no climb`);
        for (const outcome of OUTCOMES)
          assert.ok(Math.abs(rise(planted, cell, outcome, "calm", measure).mean) < 0.2, `${cell} ${measure} calm ${outcome}: no climb`);
      }
    }
    const pooled = rise(planted, "all", "cheat", "desperate", "start");
    assert.ok(pooled.ci_low! < 0.5 && 0.5 < pooled.ci_high!, "the pooled interval covers the planted 0.5");
    // The unsteered cheat episodes' third attempt sits clearly above their first; the fail episodes' does not.
    const at = (outcome: string, turn: number) =>
      planted.points.find((p) => p.cell === "unsteered" && p.outcome === outcome && p.turn === turn)!.start.desperate!;
    assert.ok(at("cheat", 2).ci_low! > at("cheat", 0).ci_high!);
    assert.ok(at("fail", 2).ci_low! < at("fail", 0).ci_high!);
  });

  it("a flat trace shows no climb for any outcome, emotion or readout", () => {
    assert.equal(flat.rises.length, 5 * 3 * 2 * 2);
    for (const r of flat.rises) assert.ok(Math.abs(r.slope.mean) < 0.2, `${r.cell} ${r.outcome} ${r.emotion} ${r.measure}: ${JSON.stringify(r.slope)}`);
    const pooled = rise(flat, "all", "cheat", "desperate", "start");
    assert.ok(pooled.ci_low! < 0 && 0 < pooled.ci_high!, `pooled cheat climb ${JSON.stringify(pooled)} holds 0`);
  });

  it("steering shifts levels per cell, which the per-cell points keep apart", () => {
    const level = (cell: string) => flat.points.find((p) => p.cell === cell && p.outcome === "fail" && p.turn === 0)!.start.desperate!;
    assert.ok(level("desperate +0.1").ci_low! > level("unsteered").ci_high!);
    assert.ok(level("desperate -0.1").ci_high! < level("unsteered").ci_low!);
  });

  it("gives the turn the cheat first appeared, per cell and pooled", () => {
    const pooled = planted.first_target.find((f) => f.cell === "all")!;
    assert.deepEqual(pooled, {
      cell: "all",
      target: 32,
      turns: [
        { turn: 2, count: 16 },
        { turn: 3, count: 16 },
      ],
      unknown: 0,
    });
    const withoutTurn = attemptTrace(
      run,
      syntheticRollouts(0, false, 3).map((r) => (r.target ? { ...r, verdict: {} } : r)),
    );
    assert.equal(withoutTurn.first_target.find((f) => f.cell === "unsteered")!.unknown, 8);
  });

  it("lines the cheat episodes up on the attempt where the cheat appeared: a planted peak there comes out", () => {
    const noise = normals(5);
    // 8 cheat episodes (first cheat at turn 1 or 2) whose desperation peaks at +2 on that turn only; 4 fail episodes, flat.
    const rollouts = Array.from({ length: 12 }, (_, sample): RolloutRecord => {
      const cheat = sample < 8;
      const first = 1 + (sample % 2);
      const turns = Array.from({ length: 4 }, (_, turn) => {
        const desperate = (cheat && turn === first ? 2 : 0) + 0.2 * noise();
        return { start: { desperate }, mean: { desperate }, max: { desperate: desperate + 0.5 }, tokens: 5 };
      });
      return {
        runId: run.id,
        vector: "unsteered",
        strength: 0,
        sample,
        seed: sample,
        outcome: cheat ? "cheat" : "fail",
        target: cheat,
        verdict: cheat ? { firstTargetTurn: first } : {},
        judge: null,
        messages: [],
        turns,
        generatedTokens: 20,
        wallMs: 1,
      };
    });
    const trace = attemptTrace(run, rollouts);
    const around = trace.around_target.filter((p) => p.cell === "all");
    assert.deepEqual(
      around.map((p) => [p.offset, p.n]),
      [
        [-2, 4],
        [-1, 8],
        [0, 8],
        [1, 8],
        [2, 4],
      ],
    );
    const at = (offset: number, measure: "start" | "max") => around.find((p) => p.offset === offset)![measure].desperate!;
    for (const measure of ["start", "max"] as const) {
      assert.ok(Math.abs(at(0, measure).mean - (measure === "start" ? 2 : 2.5)) < 0.3, `${measure} peak at offset 0`);
      assert.ok(
        at(0, measure).ci_low! > at(-1, measure).ci_high! && at(0, measure).ci_low! > at(1, measure).ci_high!,
        `${measure}: above the attempts before and after`,
      );
    }
    // By attempt number the peak is split over turns 1 and 2, so neither reaches the lined-up one.
    const byTurn = (turn: number) => trace.points.find((p) => p.cell === "all" && p.outcome === "cheat" && p.turn === turn)!.start.desperate!.mean;
    assert.ok(byTurn(1) < 1.3 && byTurn(2) < 1.3);
    assert.match(
      attemptSummary(trace, "run"),
      /around the first cheat \(offset 0: the attempt where it first appeared; -1 the one before\)\n {4}offset {4}n {2}desperate start {9}desperate max\n {8}-2 {4}4 {2}[+-]/,
    );
    assert.equal(trace.around_target.filter((p) => p.cell === "unsteered").length, 5);
  });

  it("says 'not recorded' for maxima of runs stored before they were kept", () => {
    const old = attemptTrace(run, syntheticRollouts(0.5, false, 11));
    assert.equal(old.max_recorded, false);
    assert.ok(old.points.every((p) => Object.keys(p.max).length === 0));
    assert.ok(old.rises.every((r) => r.measure === "start"));
    assert.match(attemptSummary(old, "run"), /Within-attempt maximum: not recorded/);
  });

  it("prints a table per cell and emotion with the climb and the first cheat", () => {
    const text = attemptSummary(planted, "run r-attempts");
    assert.match(text, /^all cells pooled \(96 rollouts\)$/m);
    assert.match(text, /^unsteered \(24 rollouts\)$/m);
    assert.match(text, /^ {4}cheat\s+1\s+32 {2}[+-]\d\.\d\d \[[+-]\d\.\d\d, [+-]\d\.\d\d\]\s+[+-]\d\.\d\d \[/m);
    assert.match(text, /climb of start per attempt \(mean of each episode's slope\): cheat \+0\.\d\d \[\+0\.\d\d, \+0\.\d\d\] \(n 32\)/);
    assert.match(text, /cheat first appears at: attempt 3: 16 · attempt 4: 16 \(32 cheat episodes\)/);
  });

  it("draws one line per outcome with interval bars in the sweep report", () => {
    const results = summarizeRun(run, syntheticRollouts(0.5, true, 11));
    assert.deepEqual(results.attempts, planted);
    const html = renderSweepReport(results);
    const start = html.indexOf("var config = ", html.indexOf('id="attempts-all-desperate"'));
    assert.ok(start > 0, "the desperate chart is there");
    const config = JSON.parse(html.slice(start + "var config = ".length, html.indexOf(";\n", start))) as {
      data: { datasets: { label: string; pointStyle?: string; data: { x: number; y: number | null }[] }[] };
    };
    const labels = config.data.datasets.map((d) => d.label);
    for (const outcome of OUTCOMES)
      for (const measure of ["start", "max"])
        assert.ok(labels.includes(`${outcome}: ${measure}`) && labels.includes(`${outcome}: ${measure} 95% interval`), `${outcome} ${measure}`);
    const cheatStart = config.data.datasets.find((d) => d.label === "cheat: start")!.data;
    assert.equal(cheatStart.length, 4);
    assert.ok(cheatStart[3]!.y! > cheatStart[0]!.y! + 1, "the drawn line climbs");
    for (const d of config.data.datasets.filter((x) => x.label.endsWith("95% interval"))) {
      assert.equal(d.pointStyle, "line");
      for (let i = 0; i < d.data.length; i += 3) {
        assert.equal(d.data[i]!.x, d.data[i + 1]!.x);
        assert.ok(d.data[i]!.y! <= d.data[i + 1]!.y!);
        assert.equal(d.data[i + 2]!.y, null);
      }
    }
    assert.ok(html.includes('id="attempts-all-calm"'));
    assert.match(html, /<summary>desperate \+0\.1 · 24 rollouts<\/summary>/);
    assert.match(html, /cheat first appears at: attempt 3: 16 · attempt 4: 16/);
  });
});
