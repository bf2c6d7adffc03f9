/** planSweep without a model, and the store keeping a plan as the run record, old stores included. */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { checkPlanFitsSet, planSweep, type SweepPlan } from "../src/sweeps/plan.js";
import { checkResumeSpec, planDifferences } from "../src/sweeps/resumeCheck.js";
import { RunStore, type RunRecord } from "../src/sweeps/runStore.js";
import type { VectorSet } from "../src/vectors/vectorSet.js";

// planSweep reads only the manifest's emotions and layers and the set's folder.
const set = { dir: "/sets/tiny", manifest: { emotions: ["calm", "desperate"], layers: [3, 4], default_layer: 3 } } as unknown as VectorSet;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "limbic-plan-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const planKeys = [
  "scenario",
  "scenarioVersion",
  "params",
  "world",
  "vectorSet",
  "steerEmotion",
  "layer",
  "strengths",
  "randomControl",
  "samples",
  "seed",
] as const;
const planOf = (run: RunRecord): Partial<SweepPlan> => Object.fromEntries(planKeys.filter((k) => run[k] !== undefined).map((k) => [k, run[k]]));

describe("planSweep", () => {
  it("fills in the defaults and gives the same plan for the same spec", () => {
    const spec = { scenario: "sycophancy", params: { rounds: "2" }, steerEmotion: "desperate", strengths: [0, 0.5], samples: 3, seed: 9 };
    const plan = planSweep(set, spec);
    assert.deepEqual(plan, planSweep(set, spec));
    assert.equal(plan.scenario, "sycophancy");
    assert.equal(plan.params.rounds, 2);
    assert.equal(plan.layer, 3);
    assert.equal(plan.randomControl, true);
    assert.equal(plan.vectorSet, "/sets/tiny");
    assert.equal(planSweep(set, { ...spec, layer: 4, randomControl: false }).layer, 4);
  });

  it("names what does not fit the scenario or the vector set", () => {
    const spec = { scenario: "sycophancy", steerEmotion: "calm", strengths: [0], samples: 1 };
    assert.throws(() => planSweep(set, { ...spec, scenario: "poker" }), /Unknown scenario "poker"/);
    assert.throws(() => planSweep(set, { ...spec, steerEmotion: "smug" }), /no emotion "smug"/);
    assert.throws(() => planSweep(set, { ...spec, layer: 7 }), { code: "LAYER_OUT_OF_RANGE" });
    assert.throws(() => planSweep(set, { ...spec, samples: 0 }), {
      message: /^samples must be an integer from 1 to/,
      details: { option: "samples", value: 0 },
    });
    assert.throws(() => planSweep(set, { ...spec, strengths: [] }), /at least one strength/);
    assert.throws(() => planSweep(set, { ...spec, params: { rounds: "many" } }), /rounds/);
  });
});

describe("the run store keeps the plan as the run record", () => {
  it("reads back exactly the plan planSweep wrote", () => {
    const store = new RunStore(path.join(tmp, "plan.sqlite"));
    const plan = planSweep(set, {
      scenario: "blackmail",
      params: { threat: "replacement" },
      steerEmotion: "calm",
      strengths: [-0.1, 0, 0.1],
      samples: 2,
      seed: 5,
      randomControl: false,
    });
    store.createRun({ id: "r1", ...plan, modelName: "m", modelSha256: "abc", createdAt: "2026-01-01T00:00:00Z", status: "running" });
    assert.deepEqual(planOf(store.requireRun("r1")), plan);
    store.close();
  });

  it("opens a store written before the random control and worlds were stored, and its runs still fit their plans", () => {
    const file = path.join(tmp, "old.sqlite");
    const db = new Database(file);
    db.exec(`
      CREATE TABLE runs (id TEXT PRIMARY KEY, scenario TEXT NOT NULL, scenario_version TEXT NOT NULL, model_name TEXT NOT NULL, model_sha256 TEXT NOT NULL, vector_set TEXT NOT NULL,
        steer_emotion TEXT NOT NULL, layer INTEGER NOT NULL, strengths TEXT NOT NULL, samples INTEGER NOT NULL, seed INTEGER NOT NULL, params TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL);
      CREATE TABLE rollouts (run_id TEXT NOT NULL REFERENCES runs(id), vector TEXT NOT NULL, strength REAL NOT NULL, sample INTEGER NOT NULL, seed INTEGER NOT NULL, outcome TEXT NOT NULL,
        target INTEGER NOT NULL, verdict TEXT NOT NULL, judge TEXT, messages TEXT NOT NULL, turns TEXT NOT NULL, generated_tokens INTEGER NOT NULL, wall_ms INTEGER NOT NULL,
        finished_at TEXT NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (run_id, vector, strength, sample));
    `);
    const insert = db.prepare(`INSERT INTO runs VALUES (?, 'sycophancy', '1', 'm', 'abc', '/sets/tiny', 'calm', 3, '[0,0.5]', 2, 4, '{}', '2025-01-01', ?)`);
    insert.run("old-running", "running");
    insert.run("old-done", "done");
    db.close();
    const store = new RunStore(file);
    const running = store.requireRun("old-running");
    assert.equal(running.randomControl, true, "an unfinished old run keeps the control it was planned with");
    assert.equal(store.requireRun("old-done").randomControl, false, "a finished old run without random rollouts was run without the control");
    assert.equal(running.world, undefined);
    assert.deepEqual(planOf(running), {
      scenario: "sycophancy",
      scenarioVersion: "1",
      params: {},
      vectorSet: "/sets/tiny",
      steerEmotion: "calm",
      layer: 3,
      strengths: [0, 0.5],
      randomControl: true,
      samples: 2,
      seed: 4,
    });
    checkPlanFitsSet(running, set);
    store.close();
  });
});

describe("a resume's given fields against the stored plan", () => {
  const plan = planSweep(set, { scenario: "sycophancy", params: { rounds: "2" }, steerEmotion: "desperate", strengths: [0, 0.5], samples: 3, seed: 9 });

  it("accepts fields repeated with the stored values (strengths in any order, params as text)", () => {
    assert.deepEqual(
      planDifferences(plan, {
        scenario: "sycophancy",
        steerEmotion: "desperate",
        strengths: [0.5, 0, 0.5],
        samples: 3,
        seed: 9,
        layer: 3,
        randomControl: true,
        params: { rounds: "2" },
      }),
      [],
    );
    assert.doesNotThrow(() => checkResumeSpec("r", plan, {}));
  });

  it("lists every field that differs and refuses with CONFLICT, naming each as the caller does", () => {
    const given = { strengths: [0, 0.1], samples: 4, seed: 1, layer: 4, randomControl: false, params: { rounds: "1" }, steerEmotion: "calm" };
    assert.deepEqual(
      planDifferences(plan, given).map((d) => d.key ?? d.field),
      ["steerEmotion", "strengths", "samples", "seed", "layer", "randomControl", "rounds"],
    );
    assert.throws(
      () => checkResumeSpec("r1", plan, { samples: 4 }),
      (error: { code: string; message: string; details: { differences: { name: string; stored: unknown; given: unknown }[] } }) => {
        assert.equal(error.code, "CONFLICT");
        assert.match(error.message, /^Run r1 resumes with the plan it was started with, and samples 4 \(the run has 3\) differs from it\. Drop samples /);
        assert.deepEqual(
          error.details.differences.map((d) => [d.name, d.stored, d.given]),
          [["samples", 3, 4]],
        );
        return true;
      },
    );
    assert.throws(
      () => checkResumeSpec("r1", plan, { params: { rounds: "1" } }, (d) => (d.key ? `--param ${d.key}` : d.field)),
      /--param rounds 1 \(the run has 2\)/,
    );
  });
});
