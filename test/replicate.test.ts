/**
 * `replicate` on stories260K in quick mode, reading the reference corpus (forward passes only):
 * every row is computed from data, the shuffled-label control reads "not reproduced", a run
 * stopped part-way resumes to the same result, and bad settings are refused before any work.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadModel, type Model } from "../src/index.js";
import { replicate, type ReplicateProgress, type ReplicationResult } from "../src/replicate/replicate.js";
import { renderScorecard, scorecardText } from "../src/report/scorecardReport.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-replicate-"));
const quick = { quick: true, sources: ["reference"] as const, runsFile: path.join(tmp, "no-runs.sqlite") };
const readingRows = (r: ReplicationResult) => r.rows.filter((row) => /^(heldout|implicit|valence|sentiment|feel|self-readout)/.test(row.id));

describe("limbic replicate (quick, stories260K, reference corpus)", () => {
  let model: Model;
  let shuffled: ReplicationResult;
  let wholeRun: Promise<ReplicationResult> | undefined;
  // One uninterrupted run (true labels) that the resumed runs are compared with.
  const whole = () => (wholeRun ??= replicate(model, { ...quick, outDir: path.join(tmp, "whole") }));
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    shuffled = await replicate(model, { ...quick, outDir: path.join(tmp, "shuffled"), shuffleLabels: true });
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("computes every row from data, with a verdict and a reason, and writes scorecard.json", () => {
    const ids = shuffled.rows.map((r) => r.id.split(":")[0]);
    for (const expected of [
      "heldout-all-top1",
      "implicit",
      "pc1-share",
      "pc2-share",
      "valence",
      "arousal",
      "sentiment",
      "intensity",
      "logit-lens",
      "feel",
      "speaker",
      "self-readout",
      "blackmail",
      "reward-hacking",
      "sycophancy",
    ]) {
      assert.ok(ids.includes(expected), `row ${expected} is missing`);
    }
    for (const row of shuffled.rows) {
      assert.ok(row.reason.length > 0, `${row.id} has no reason`);
      if (row.verdict === "not run" || row.verdict === "not measurable") continue;
      assert.ok(row.ours.value !== null && Number.isFinite(row.ours.value), `${row.id} has no number`);
    }
    // The behaviour rows say plainly that no sweep exists, and arousal that no norm exists.
    assert.equal(shuffled.rows.find((r) => r.id.startsWith("blackmail"))!.verdict, "not run");
    assert.equal(shuffled.rows.find((r) => r.id.startsWith("arousal"))!.verdict, "not measurable");
    const stored = JSON.parse(fs.readFileSync(path.join(tmp, "shuffled", "scorecard.json"), "utf8")) as ReplicationResult;
    assert.deepEqual(stored.rows, shuffled.rows);
    assert.match(renderScorecard(shuffled), /SHUFFLED|shuffled/);
    assert.match(scorecardText(shuffled), /verdicts: /);
    const diagnostics = shuffled.sources[0]!.diagnostics!;
    assert.ok(diagnostics.layers.length > 0 && diagnostics.layers.every((l) => Object.keys(l.heldOut).length === 3));
    assert.match(renderScorecard(shuffled), /Diagnostics: held-out top-1 by layer/);
  });

  it("the shuffled-label control reads as not reproduced on every held-out row", () => {
    const heldOut = shuffled.rows.filter((r) => r.id.startsWith("heldout"));
    assert.ok(heldOut.length >= 2);
    for (const row of heldOut) assert.equal(row.verdict, "not reproduced", `${row.id}: ${row.ours.text}`);
  });

  it("a run stopped part-way resumes to the same rows as an uninterrupted run, and true labels give other numbers", async () => {
    const wholeResult = await whole();
    const dir = path.join(tmp, "stopped");
    const controller = new AbortController();
    await assert.rejects(replicate(model, { ...quick, outDir: dir, signal: controller.signal, onProgress: (p) => p.done >= 2 && controller.abort() }), {
      code: "ABORTED",
    });
    await assert.rejects(replicate(model, { ...quick, outDir: dir }), { code: "CONFLICT", message: /already holds a replication/ });
    await assert.rejects(replicate(model, { ...quick, outDir: dir, resume: true, feelStrength: 0.3 }), { code: "CONFLICT", message: /feelStrength differ/ });
    const resumed = await replicate(model, { ...quick, outDir: dir, resume: true });
    assert.deepEqual(resumed.rows, wholeResult.rows);
    const value = (r: ReplicationResult, id: string) => r.rows.find((row) => row.id === id)!.ours.value;
    assert.notDeepEqual(
      readingRows(wholeResult).map((r) => r.ours.value),
      readingRows(shuffled).map((r) => r.ours.value),
    );
    assert.ok(value(wholeResult, "heldout-all-top1:reference") !== null);
  });

  it("reports every step and every extraction batch as done/total, stops after the batch in hand, and resumes from it", async () => {
    const dir = path.join(tmp, "stopped-in-extraction");
    const controller = new AbortController();
    const first: ReplicateProgress[] = [];
    const stopAfterBatch = (p: ReplicateProgress) => {
      first.push(p);
      if (p.unit?.stage === "corpus" && p.unit.done > 0) controller.abort();
    };
    await assert.rejects(
      replicate(model, { ...quick, outDir: dir, signal: controller.signal, onProgress: stopAfterBatch }),
      (error: Error & { code?: string; details?: Record<string, unknown> }) => {
        assert.equal(error.code, "ABORTED");
        assert.equal(error.details?.stage, "corpus");
        return true;
      },
    );
    const stoppedAt = first.at(-1)!.unit!.done;
    assert.ok(stoppedAt > 0 && stoppedAt < first.at(-1)!.unit!.total, `stopped at ${stoppedAt}`);
    assert.deepEqual(first[0], { step: "extract:reference", done: 0, total: 7, etaSeconds: null });

    const second: ReplicateProgress[] = [];
    const resumed = await replicate(model, { ...quick, outDir: dir, resume: true, onProgress: (p) => second.push(p) });
    // The batch read before the stop is not read again.
    assert.equal(second.find((p) => p.unit?.stage === "corpus")!.unit!.done, stoppedAt);
    const steps = second.filter((p) => !p.unit);
    assert.deepEqual(
      steps.map((p) => [p.step, p.done, p.total]),
      ["extract", "validate", "pca-null", "diagnostics", "feel", "speaker", "self-readout"].map((k, i) => [`${k}:reference`, i, 7]),
    );
    assert.ok(steps.slice(1).every((p) => p.etaSeconds !== null && p.etaSeconds >= 0));
    for (const stage of ["corpus", "neutral set"]) {
      const units = second.filter((p) => p.unit?.stage === stage).map((p) => p.unit!);
      assert.ok(units.length > 1, `${stage} reported no steps`);
      assert.ok(units.every((u, i) => u.done <= u.total && (i === 0 || u.done >= units[i - 1]!.done)));
      assert.equal(units.at(-1)!.done, units.at(-1)!.total);
    }
    assert.deepEqual(resumed.rows, (await whole()).rows);
  });

  it("refuses bad settings before any work", async () => {
    const dir = path.join(tmp, "refused");
    await assert.rejects(replicate(model, { outDir: dir, quick: true, sources: ["self"], shuffleLabels: true }), {
      code: "INVALID_ARGUMENT",
      message: /reference/,
    });
    await assert.rejects(replicate(model, { outDir: dir, storiesPerEmotion: 3 }), { message: /from 5/ });
    await assert.rejects(replicate(model, { outDir: dir, sources: ["reference"], storiesPerEmotion: 40 }), { message: /reference corpus has no story/ });
    await assert.rejects(replicate(model, { outDir: dir, sources: ["reference"], emotions: "all", storiesPerEmotion: 10 }), {
      message: /reference corpus has no story/,
    });
    assert.equal(fs.existsSync(dir), false);
  });
});
