import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { loadModel, readVectorSet, type Model } from "../src/index.js";
import { RunStore } from "../src/sweeps/runStore.js";
import { planSweep } from "../src/sweeps/plan.js";
import { resumeSweep, runSweep } from "../src/sweeps/runner.js";
import { measureCoherence } from "../src/sweeps/coherence.js";
import { evaluateGuard } from "../src/sweeps/guardEval.js";
import { STORIES, requireModel, TEST_THREADS } from "../testing/models.js";
import { syntheticVectorSet } from "../testing/syntheticSet.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "bin", "limbic.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-sweep-"));

function limbic(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 180_000 });
}

describe("steering sweeps on stories260K (mechanics)", () => {
  let model: Model;
  let setDir: string;
  before(async () => {
    model = await loadModel({ model: requireModel(STORIES), threads: TEST_THREADS });
    setDir = await syntheticVectorSet(
      model,
      { desperate: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j + 1)), calm: Float32Array.from({ length: 64 }, (_, j) => Math.cos(j * 0.7)) },
      3,
    );
  });
  after(async () => {
    await model.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(setDir, { recursive: true, force: true });
  });

  for (const scenario of ["sycophancy", "blackmail", "impossible-code"]) {
    it(`${scenario}: 2 samples per strength, emotion and random control, stored and summarized`, async () => {
      const store = new RunStore(path.join(tmp, `${scenario}.sqlite`));
      const set = await readVectorSet(setDir);
      const results = await runSweep(model, set, planSweep(set, { scenario, steerEmotion: "desperate", strengths: [-0.5, 0, 0.5], samples: 2, seed: 11 }), {
        store,
        sampling: { temperature: 0.8 },
      });
      assert.equal(results.run.status, "done");
      assert.equal(results.rollouts, 2 + 2 * 2 + 2 * 2);
      assert.equal(store.rollouts(results.run.id).length, 10);
      for (const vector of ["desperate", "random"]) {
        assert.deepEqual(
          results.results.filter((r) => r.vector === vector).map((r) => [r.strength, r.n]),
          [
            [-0.5, 2],
            [0, 2],
            [0.5, 2],
          ],
        );
      }
      for (const r of results.results) assert.ok(r.ci_low <= r.rate && r.rate <= r.ci_high);
      const rollouts = store.rollouts(results.run.id);
      for (const r of rollouts) {
        assert.ok(
          r.messages.some((m) => m.role === "assistant"),
          "every rollout has at least one model turn",
        );
        assert.ok(r.turns.length >= 1 && r.generatedTokens > 0);
      }
      // Steering is read back at the steered layer: +0.5 must read higher on "desperate" than -0.5.
      const meanDesperate = (strength: number) => {
        const values = rollouts.filter((r) => r.vector === "emotion" && r.strength === strength).flatMap((r) => r.turns.map((t) => t.mean.desperate!));
        return values.reduce((a, b) => a + b, 0) / values.length;
      };
      assert.ok(meanDesperate(0.5) > meanDesperate(-0.5) + 1, `desperate readout ${meanDesperate(0.5)} vs ${meanDesperate(-0.5)}`);
      store.close();
    });
  }

  it("bad input: unknown scenario, emotion, parameter and strength are named", async () => {
    const store = new RunStore(path.join(tmp, "bad.sqlite"));
    const set = await readVectorSet(setDir);
    await assert.rejects(
      async () => runSweep(model, set, planSweep(set, { scenario: "poker", steerEmotion: "desperate", strengths: [0], samples: 1 }), { store }),
      /Unknown scenario "poker"; choose one of: blackmail, impossible-code, sycophancy/,
    );
    await assert.rejects(
      async () => runSweep(model, set, planSweep(set, { scenario: "sycophancy", steerEmotion: "smug", strengths: [0], samples: 1 }), { store }),
      /no emotion "smug"/,
    );
    await assert.rejects(
      async () =>
        runSweep(model, set, planSweep(set, { scenario: "blackmail", params: { threat: "lasers" }, steerEmotion: "calm", strengths: [0], samples: 1 }), {
          store,
        }),
      /threat/,
    );
    await assert.rejects(resumeSweep(model, set, store, "nope"), { code: "NOT_FOUND", message: /No run "nope"/ });
    const cli = limbic([
      "sweep",
      requireModel(STORIES),
      setDir,
      "--scenario",
      "sycophancy",
      "--steer",
      "calm",
      "--strengths",
      "0,zero",
      "--runs",
      path.join(tmp, "bad.sqlite"),
    ]);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /--strengths zero must be a steering strength from -2 to 2 .*, not "zero"\./);
    store.close();
  });

  it("a run started without the random control resumes without it", async () => {
    const store = new RunStore(path.join(tmp, "norandom.sqlite"));
    const set = await readVectorSet(setDir);
    const first = await runSweep(
      model,
      set,
      planSweep(set, { scenario: "sycophancy", steerEmotion: "calm", strengths: [0, 0.5], samples: 1, seed: 2, randomControl: false }),
      { store },
    );
    assert.equal(first.rollouts, 2);
    const resumed = await resumeSweep(model, set, store, first.run.id);
    assert.equal(resumed.rollouts, 2);
    assert.deepEqual(
      store
        .rollouts(first.run.id)
        .map((r) => r.vector)
        .sort(),
      ["emotion", "unsteered"],
    );
    assert.equal(store.requireRun(first.run.id).randomControl, false);
    store.close();
  });

  it("a finished run extends to more samples per cell: stored rollouts kept, new ones get their own seeds, every turn keeps its token series", async () => {
    const store = new RunStore(path.join(tmp, "extend.sqlite"));
    const set = await readVectorSet(setDir);
    const first = await runSweep(
      model,
      set,
      planSweep(set, { scenario: "sycophancy", steerEmotion: "calm", strengths: [0, 0.5], samples: 1, seed: 4, randomControl: false }),
      { store },
    );
    const before = store.rollouts(first.run.id);
    await assert.rejects(resumeSweep(model, set, store, first.run.id, { extendSamplesTo: 0 }), /extended to more/);
    const extended = await resumeSweep(model, set, store, first.run.id, { extendSamplesTo: 3 });
    assert.equal(extended.rollouts, 6);
    assert.equal(store.requireRun(first.run.id).samples, 3);
    assert.equal(store.requireRun(first.run.id).status, "done");
    const after = store.rollouts(first.run.id);
    for (const r of before) assert.deepEqual(after.find((a) => a.vector === r.vector && a.sample === r.sample)!.messages, r.messages);
    assert.equal(new Set(after.filter((r) => r.vector === "emotion").map((r) => r.seed)).size, 3);
    for (const r of after) {
      for (const turn of r.turns) {
        assert.equal(turn.series!.calm!.length, turn.tokens, "one stored readout per generated token");
        assert.ok(turn.max!.calm! >= turn.mean.calm! - 1e-9 && turn.maxBeforeAction!.calm! <= turn.max!.calm! + 1e-9);
      }
    }
    store.close();
  });

  it("coherence: every first reply is checked once (form, repetition, NLL under the unsteered model) and the window is reported", async () => {
    const store = new RunStore(path.join(tmp, "coherence.sqlite"));
    const set = await readVectorSet(setDir);
    const run = await runSweep(
      model,
      set,
      planSweep(set, { scenario: "sycophancy", steerEmotion: "desperate", strengths: [0, 0.1, 2], samples: 2, seed: 5, randomControl: false }),
      { store },
    );
    const result = await measureCoherence(model, store, run.run.id);
    assert.deepEqual(
      result.points.map((p) => [p.vector, p.strength, p.n]),
      [
        ["desperate", 0.1, 2],
        ["desperate", 2, 2],
        ["unsteered", 0, 2],
      ],
    );
    assert.ok(Number.isFinite(result.unsteered_median_nll) && result.unsteered_median_nll > 0);
    for (const p of result.points) assert.ok(Number.isFinite(p.median_nll));
    assert.equal(store.replyChecks(run.run.id).size, 6);
    // Checks are stored: a second call reuses them (same numbers).
    assert.deepEqual(await measureCoherence(model, store, run.run.id), result);
    store.close();
  });

  it("closed-loop guard: a rule that never fires changes nothing; one that always fires halts every episode at its first token", async () => {
    const store = new RunStore(path.join(tmp, "guard.sqlite"));
    const set = await readVectorSet(setDir);
    const spec = {
      scenario: "impossible-code",
      steerEmotion: "desperate",
      strengths: [0, 0.5],
      samples: 2,
      seed: 6,
      randomControl: false,
      params: { attempts: "2" },
    };
    const baseline = await runSweep(model, set, planSweep(set, spec), { store });
    const silent = await runSweep(model, set, planSweep(set, { ...spec, guard: ["desperate>99:halt"] }), { store });
    const loud = await runSweep(model, set, planSweep(set, { ...spec, guard: ["desperate>-99:halt"] }), { store });
    const byCell = (id: string) => new Map(store.rollouts(id).map((r) => [`${r.vector}|${r.strength}|${r.sample}`, r]));
    const base = byCell(baseline.run.id);
    for (const [key, r] of byCell(silent.run.id)) {
      assert.deepEqual(r.messages, base.get(key)!.messages, `${key}: an unfired guard leaves the episode as it was`);
      assert.equal(r.outcome, base.get(key)!.outcome);
    }
    for (const r of store.rollouts(loud.run.id)) {
      assert.equal(r.outcome, "halted");
      assert.equal(r.messages.filter((m) => m.role === "assistant").length, 0, "the halted reply is never sent");
      const guard = (r.verdict.details as { guard: { events: { tokenIndex: number }[]; haltedAtTurn: number } }).guard;
      assert.equal(guard.haltedAtTurn, 0);
      assert.equal(guard.events[0]!.tokenIndex, 0);
    }
    assert.deepEqual(store.requireRun(loud.run.id).guard, ["desperate>-99:halt"]);
    const evaluation = evaluateGuard(
      { run: store.requireRun(loud.run.id), rollouts: store.rollouts(loud.run.id) },
      { run: store.requireRun(baseline.run.id), rollouts: store.rollouts(baseline.run.id) },
      "cheat",
    );
    assert.equal(
      evaluation.cells.reduce((a, c) => a + c.pairs, 0),
      4,
    );
    for (const c of evaluation.cells) assert.equal(c.halted, c.pairs);
    assert.throws(() => planSweep(set, { ...spec, guard: ["joy>1:halt"] }), /unknown emotion "joy"/);
    store.close();
  });

  it("a run resumes only with the vector set it steered with", async () => {
    const store = new RunStore(path.join(tmp, "otherset.sqlite"));
    const set = await readVectorSet(setDir);
    const first = await runSweep(
      model,
      set,
      planSweep(set, { scenario: "sycophancy", steerEmotion: "calm", strengths: [0], samples: 1, seed: 3, randomControl: false }),
      { store },
    );
    assert.equal(store.requireRun(first.run.id).status, "done");
    const otherDir = await syntheticVectorSet(
      model,
      { desperate: Float32Array.from({ length: 64 }, (_, j) => Math.cos(j + 2)), calm: Float32Array.from({ length: 64 }, (_, j) => Math.sin(j * 0.3)) },
      3,
    );
    try {
      await assert.rejects(resumeSweep(model, await readVectorSet(otherDir), store, first.run.id), { code: "CONFLICT", message: /different set/ });
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
      store.close();
    }
  });

  it("kill -9 mid-sweep, then --resume: nothing lost, nothing duplicated; runs list/show/export", async () => {
    const runsFile = path.join(tmp, "resume.sqlite");
    const args = [
      bin,
      "sweep",
      requireModel(STORIES),
      setDir,
      "--scenario",
      "sycophancy",
      "--steer",
      "desperate",
      "--strengths",
      "0,0.5",
      "--samples",
      "6",
      "--seed",
      "5",
      "--parallel",
      "1",
      "--runs",
      runsFile,
      "--threads",
      "1",
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let before: { vector: string; strength: number; sample: number; finished_at: string; messages: string }[] = [];
    for (let i = 0; i < 3000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (!fs.existsSync(runsFile)) continue;
      const db = new Database(runsFile, { readonly: true, fileMustExist: true });
      try {
        before = db.prepare("SELECT vector, strength, sample, finished_at, messages FROM rollouts").all() as typeof before;
      } catch {
        before = [];
      } finally {
        db.close();
      }
      if (before.length >= 2) break;
    }
    assert.ok(before.length >= 2, `no rollouts stored before the deadline: ${stderr}`);
    child.kill("SIGKILL");
    assert.equal(await exited, null, "the sweep had already finished before it could be killed; the test needs a slower sweep");
    assert.ok(before.length < 6 + 6 + 6, "killed before the end");
    const id = /run (\S+) \(store/.exec(stderr)?.[1];
    assert.ok(id, stderr);

    // The killed run reads as interrupted, not running forever.
    const listed = JSON.parse(limbic(["runs", "list", "--runs", runsFile, "--json"]).stdout) as { id: string; status: string }[];
    assert.equal(listed.find((r) => r.id === id)?.status, "interrupted");

    const mismatched = limbic(["sweep", requireModel(STORIES), setDir, "--steer", "calm", "--resume", id, "--runs", runsFile]);
    assert.equal(mismatched.status, 1);
    assert.match(mismatched.stderr, /--steer calm \(the run has desperate\) differs from it\. Drop --steer .*\[CONFLICT\]/);
    // A planning flag that differs is refused by name, not ignored.
    const changed = limbic(["sweep", requireModel(STORIES), setDir, "--resume", id, "--strengths", "0,0.1", "--no-random-control", "--runs", runsFile]);
    assert.equal(changed.status, 1);
    assert.match(
      changed.stderr,
      /--strengths 0,0\.1 \(the run has 0,0\.5\); --no-random-control false \(the run has true\) differ from it\. Drop --strengths, --no-random-control /,
    );
    // The run's scenario and emotion come from the store; flags repeated with the run's values are fine.
    const resumed = limbic([
      "sweep",
      requireModel(STORIES),
      setDir,
      "--resume",
      id,
      "--samples",
      "6",
      "--seed",
      "5",
      "--strengths",
      "0.5,0",
      "--runs",
      runsFile,
      "--json",
    ]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const output = JSON.parse(resumed.stdout);
    assert.equal(output.run.status, "done");
    assert.equal(output.run.n_rollouts, 18);
    const db = new Database(runsFile, { readonly: true });
    const after = db.prepare("SELECT vector, strength, sample, finished_at, messages FROM rollouts").all() as typeof before;
    db.close();
    assert.equal(after.length, 18);
    assert.equal(new Set(after.map((r) => `${r.vector}|${r.strength}|${r.sample}`)).size, 18);
    for (const old of before) {
      const same = after.find((r) => r.vector === old.vector && r.strength === old.strength && r.sample === old.sample);
      assert.deepEqual(same, old, "a rollout stored before the kill is kept as it was");
    }

    const list = JSON.parse(limbic(["runs", "list", "--runs", runsFile, "--json"]).stdout);
    assert.equal(list[0].id, id);
    assert.equal(list[0].n_rollouts, 18);
    const shown = JSON.parse(limbic(["runs", "show", id, "--runs", runsFile, "--json", "--out", path.join(tmp, "sweep.html")]).stdout);
    assert.equal(shown.results.length, 4);
    // The sweep's --json, a resumed one included, is the same wire shape as runs show --json.
    assert.deepEqual(shown, output);
    assert.ok(fs.statSync(path.join(tmp, "sweep.html")).size > 10_000);
    const jsonl = limbic(["runs", "export", id, "--runs", runsFile]).stdout.trim().split("\n");
    assert.equal(jsonl.length, 18);
    assert.equal(JSON.parse(jsonl[0]!).run, id);
    const inspect = JSON.parse(limbic(["runs", "export", id, "--runs", runsFile, "--format", "inspect"]).stdout);
    assert.equal(inspect.samples.length, 18);
    assert.equal(inspect.eval.task, "limbic/sycophancy");
    const missing = limbic(["runs", "show", "no-such-run", "--runs", runsFile]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No run "no-such-run"/);
  });
});
